"""Sign-up, Skal number checks, approval, passwords and profile edits in the data layer."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from market.accounts.services.accounts import (
    approve_farm,
    set_password,
    sign_up,
    skal_number_problem,
)
from market.accounts.services.farm_profile import set_livestock, update_farm
from market.core.validation import ValidationError
from market.models import Farm, Role, User
from tests.factories import add_farm as make_farm

SIGNUP: dict[str, Any] = {
    "email": "boer@example.nl",
    "password": "lang genoeg",
    "role": "arable_farmer",
    "name": "Boer",
    "farm_name": "Akkerhof",
    "skal_number": "098.765",
    "status": "conversion",
    "province": "Flevoland",
    "lat": "52.5",
    "lon": "5.6",
    "area_ha": "80",
}


def count(session: Session, model: type[Farm] | type[User]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_sign_up_makes_a_farmer_and_an_unapproved_farm(db: Session) -> None:
    user = sign_up(db, SIGNUP)
    assert (user.role, user.farm is not None) == (Role.ARABLE_FARMER, True)
    assert user.farm is not None
    assert (user.farm.skal_number, user.farm.approved, user.farm.own_manure_status.value) == (
        "098765",
        False,
        "conversion",
    )


def test_sign_up_reports_every_problem_and_writes_nothing(db: Session) -> None:
    data = {
        **SIGNUP,
        "email": "geen-adres",
        "password": "kort",
        "skal_number": "12",
        "province": "Texas",
        "farm_name": "",
        "role": "coordinator",
    }
    with pytest.raises(ValidationError) as refused:
        sign_up(db, data)
    assert set(refused.value.errors) == {
        "email",
        "password",
        "skal_number",
        "province",
        "farm_name",
        "role",
    }
    assert (count(db, Farm), count(db, User)) == (0, 0)


def test_a_skal_number_is_unique_but_a_farm_keeps_its_own(db: Session) -> None:
    farm = make_farm(db, skal_number="123456")
    assert skal_number_problem(db, "123456") == "Another farm is registered with this Skal number."
    assert skal_number_problem(db, "123456", farm.id) is None
    assert skal_number_problem(db, "12345a") == "A Skal number has 5 to 7 digits."


def test_approval_rechecks_the_skal_number(db: Session) -> None:
    good = make_farm(db, skal_number="123456", approved=False)
    bad = make_farm(db, name="Demo", skal_number="DEMO-0001", approved=False)
    assert approve_farm(db, good).approved
    with pytest.raises(ValidationError):
        approve_farm(db, bad)
    assert not bad.approved


def test_a_new_password_replaces_the_hash(db: Session) -> None:
    user = sign_up(db, SIGNUP)
    set_password(db, user, "een ander wachtwoord")
    assert check_password_hash(user.password_hash, "een ander wachtwoord")
    with pytest.raises(ValidationError):
        set_password(db, user, "kort")


def test_profile_edits_keep_approval_unless_the_skal_facts_change(db: Session) -> None:
    farm = make_farm(db, skal_number="123456", province="Overijssel")
    update_farm(db, farm, {"area_ha": "55", "other_n_kg": "100", "other_a_n_kg": "50"})
    assert (farm.area_ha, farm.approved) == (55.0, True)
    update_farm(db, farm, {"status": "conversion"})
    assert not farm.approved
    with pytest.raises(ValidationError) as refused:
        update_farm(db, farm, {"province": "Bavaria", "other_a_n_kg": "500"})
    assert set(refused.value.errors) == {"province", "other_a_n_kg"}
    assert farm.province == "Overijssel"


def test_a_kept_skal_number_is_not_checked_again(db: Session) -> None:
    farm = make_farm(db, skal_number="DEMO-0001")
    update_farm(db, farm, {"area_ha": "12"})
    assert (farm.area_ha, farm.approved) == (12.0, True)
    with pytest.raises(ValidationError):
        update_farm(db, farm, {"skal_number": "DEMO-0002"})


def test_livestock_head_counts_are_set_and_removed(db: Session) -> None:
    farm = make_farm(db)
    set_livestock(db, farm, "dairy_cow", "60")
    set_livestock(db, farm, "dairy_cow", 70)
    assert [(row.category, row.head_count) for row in farm.livestock] == [("dairy_cow", 70)]
    set_livestock(db, farm, "dairy_cow", "0")
    assert farm.livestock == []
    with pytest.raises(ValidationError):
        set_livestock(db, farm, "dairy_cow", "1.5")
