"""Sign-up, Skal number checks, approval, passwords and profile edits in the data layer."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from market.accounts.schemas import FarmPatch, LivestockInput, PasswordResetInput, SignupInput
from market.accounts.services.accounts import (
    approve_farm,
    confirm_email,
    set_password,
    sign_up,
    skal_number_problem,
)
from market.accounts.services.farm_profile import set_livestock, update_farm
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.models import Farm, Role, User
from tests.factories import add_farm as make_farm

SIGNUP: dict[str, Any] = {
    "email": "boer@example.nl",
    "password": "lang genoeg",
    "password_again": "lang genoeg",
    "role": "arable_farmer",
    "name": "Boer",
    "farm_name": "Akkerhof",
    "skal_number": "098.765",
    "status": "conversion",
    "province": "Flevoland",
    "lat": "52,5",
    "lon": "5,6",
    "area_ha": "80",
}


def count(session: Session, model: type[Farm] | type[User]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def signup(data: dict[str, Any]) -> SignupInput:
    """The sign-up form as the page reads it (Dutch numbers)."""
    return parse(SignupInput, data, locale="nl")


def patch(**data: Any) -> FarmPatch:
    return parse(FarmPatch, data)


def livestock(head_count: Any) -> LivestockInput:
    return parse(LivestockInput, {"category": "dairy_cow", "head_count": head_count}, locale="nl")


def test_sign_up_makes_an_unconfirmed_farmer_and_an_unapproved_farm(db: Session) -> None:
    outcome = sign_up(db, signup(SIGNUP))
    user = outcome.user
    assert outcome.created and user.email_confirmed_at is None
    assert confirm_email(db, user) and user.email_confirmed_at is not None
    assert not confirm_email(db, user)  # a link works once
    assert (user.role, user.farm is not None) == (Role.ARABLE_FARMER, True)
    assert user.farm is not None
    assert (user.farm.skal_number, user.farm.approved, user.farm.own_manure_status.value) == (
        "098765",
        False,
        "conversion",
    )


def test_the_sign_up_form_reports_every_problem_at_once() -> None:
    data = {
        **SIGNUP,
        "email": "geen-adres",
        "password": "kort",
        "skal_number": "12",
        "province": "Texas",
        "farm_name": "",
        "role": "coordinator",
        "status": "conventional",
    }
    with pytest.raises(ValidationError) as refused:
        signup(data)
    assert {field: error.code for field, error in refused.value.errors.items()} == {
        "email": "email",
        "password": "password_length",
        "skal_number": "skal_format",
        "province": "choice_unknown",
        "farm_name": "required",
        "role": "choice_unknown",
        "status": "organic_only",
    }


def test_a_taken_address_writes_nothing_and_names_its_holder(db: Session) -> None:
    first = sign_up(db, signup(SIGNUP)).user
    again = sign_up(
        db,
        signup(
            {**SIGNUP, "email": "BOER@example.nl", "skal_number": "12345", "farm_name": "Tweede"}
        ),
    )
    assert (again.created, again.user) == (False, first)
    assert (count(db, Farm), count(db, User)) == (1, 1)


def test_a_taken_skal_number_is_refused_whatever_the_address(db: Session) -> None:
    sign_up(db, signup(SIGNUP))
    for email in ("boer@example.nl", "ander@example.nl"):
        with pytest.raises(ValidationError) as refused:
            sign_up(db, signup({**SIGNUP, "email": email, "farm_name": "Tweede"}))
        assert {field: error.code for field, error in refused.value.errors.items()} == {
            "skal_number": "skal_taken"
        }
    assert (count(db, Farm), count(db, User)) == (1, 1)


def test_the_two_passwords_must_match() -> None:
    with pytest.raises(ValidationError) as refused:
        signup({**SIGNUP, "password_again": "iets anders"})
    assert refused.value.errors["password_again"].code == "passwords_differ"


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


def test_a_new_password_replaces_the_hash_and_confirms_the_address(db: Session) -> None:
    user = sign_up(db, signup(SIGNUP)).user
    new = "een ander wachtwoord"
    set_password(db, user, parse(PasswordResetInput, {"password": new, "password_again": new}))
    assert check_password_hash(user.password_hash, new)
    assert user.email_confirmed_at is not None  # the reset link came to the address
    with pytest.raises(ValidationError):
        parse(PasswordResetInput, {"password": "kort", "password_again": "kort"})


def test_profile_edits_keep_approval_unless_the_skal_facts_change(db: Session) -> None:
    farm = make_farm(db, skal_number="123456", province="Overijssel")
    update_farm(db, farm, patch(area_ha=55, other_n_kg=100, other_a_n_kg=50), None)
    assert (farm.area_ha, farm.approved) == (55.0, True)
    update_farm(db, farm, patch(status="conversion"), None)
    assert not farm.approved
    with pytest.raises(ValidationError) as refused:
        update_farm(db, farm, patch(other_a_n_kg=500), None)
    assert set(refused.value.errors) == {"other_a_n_kg"}
    assert farm.other_a_n_kg == 50.0
    with pytest.raises(ValidationError) as refused:
        patch(province="Bavaria", area_ha=-1)
    assert set(refused.value.errors) == {"province", "area_ha"}


def test_a_kept_skal_number_is_not_checked_again(db: Session) -> None:
    farm = make_farm(db, skal_number="DEMO-0001")
    update_farm(db, farm, patch(area_ha=12, skal_number="DEMO 0001"), None)
    assert (farm.area_ha, farm.approved, farm.skal_number) == (12.0, True, "DEMO-0001")
    with pytest.raises(ValidationError):
        update_farm(db, farm, patch(skal_number="DEMO-0002"), None)


def test_a_stored_a_part_is_checked_against_a_new_other_n(db: Session) -> None:
    farm = make_farm(db, other_n_kg=100.0, other_a_n_kg=80.0)
    with pytest.raises(ValidationError) as refused:
        update_farm(db, farm, patch(other_n_kg=50), None)
    assert refused.value.errors["other_a_n_kg"].code == "a_part_exceeds"
    assert farm.other_n_kg == 100.0


def test_livestock_head_counts_are_set_and_removed(db: Session) -> None:
    farm = make_farm(db)
    set_livestock(db, farm, livestock("60"))
    set_livestock(db, farm, livestock("1.200"))
    assert [(row.category, row.head_count) for row in farm.livestock] == [("dairy_cow", 1200)]
    set_livestock(db, farm, livestock("0"))
    assert farm.livestock == []
    for bad, code in (("1,5", "whole_number"), ("-1", "whole_number_range"), (True, "number")):
        with pytest.raises(ValidationError) as refused:
            livestock(bad)
        assert refused.value.errors["head_count"].code == code
