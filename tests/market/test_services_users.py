"""Accounts through the service: normalised addresses, hashed passwords, clear refusals."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from market.accounts.services.users import create_user
from market.core.validation import ValidationError
from market.models import Role
from tests.factories import add_farm as make_farm


def test_an_account_stores_a_lowercase_address_and_a_hash(db: Session) -> None:
    farm = make_farm(db)
    user = create_user(
        db, " Jan@Example.NL ", "geheim-wachtwoord", Role.ARABLE_FARMER, name="Jan", farm=farm
    )
    assert (user.email, user.farm_id, user.active, user.locale) == (
        "jan@example.nl",
        farm.id,
        True,
        "nl",
    )
    assert user.password_hash != "geheim-wachtwoord"
    assert check_password_hash(user.password_hash, "geheim-wachtwoord")


@pytest.mark.parametrize(
    ("email", "password", "fields"),
    [
        ("jan@example", "long-enough", {"email"}),
        ("@example.nl", "short", {"email", "password"}),
        ("JAN@example.nl", "long-enough", {"email"}),
    ],
)
def test_bad_accounts_are_refused(db: Session, email: str, password: str, fields: set[str]) -> None:
    create_user(db, "jan@example.nl", "long-enough", Role.COORDINATOR)
    with pytest.raises(ValidationError) as refused:
        create_user(db, email, password, Role.COORDINATOR)
    assert set(refused.value.errors) == fields
