"""Sign-up, farm approval and passwords: the account side of the market.

A farmer signs up with a farm; the farm starts unapproved, and a coordinator approves it
after checking its Skal number, because only certified farms may trade organic manure (R3).
The Skal number is checked twice (format and uniqueness): when the farmer types it and again
when the coordinator approves, since another farm may have registered it in between.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from market.accounts.services.farms import clean_farm
from market.accounts.services.users import MIN_PASSWORD_LENGTH, _email_problems, create_user
from market.core.validation import Checker, ValidationError
from market.models import Farm, FarmStatus, Role, User

#: A Skal registration number as printed on the certificate: digits only, leading zeros kept.
#: Written with spaces or dots by some farmers; those are removed before the check.
SKAL_NUMBER = re.compile(r"\d{5,7}")
FARMER_ROLES = (Role.LIVESTOCK_FARMER.value, Role.ARABLE_FARMER.value)
PROVINCES = (
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
)


def normal_skal_number(raw: object) -> str:
    """The number without blanks, dots or dashes, as it is stored and compared."""
    return re.sub(r"[\s.\-]", "", str(raw or ""))


def skal_number_problem(session: Session, number: str, farm_id: int | None = None) -> str | None:
    """Why `number` cannot be this farm's Skal number, or None when it can."""
    if not SKAL_NUMBER.fullmatch(number):
        return "A Skal number has 5 to 7 digits."
    query = select(Farm.id).where(Farm.skal_number == number)
    if farm_id is not None:
        query = query.where(Farm.id != farm_id)
    if session.scalar(query) is not None:
        return "Another farm is registered with this Skal number."
    return None


def sign_up(session: Session, data: Mapping[str, Any]) -> User:
    """A farmer's account with a new, unapproved farm; every problem is reported at once."""
    check = Checker(data)
    role = check.choice("role", FARMER_ROLES)
    for field, message in _account_problems(session, data).items():
        check.fail(field, message)
    farm_values = _farm_values(session, data, check)
    check.done()
    farm = Farm(**farm_values)
    session.add(farm)
    email, password = str(data.get("email") or ""), str(data.get("password") or "")
    user = create_user(
        session, email, password, Role(str(role)), name=str(data.get("name") or ""), farm=farm
    )
    session.flush()
    return user


def _account_problems(session: Session, data: Mapping[str, Any]) -> dict[str, str]:
    """The address and password checks of `create_user`, run before anything is added."""
    problems = _email_problems(session, str(data.get("email") or "").strip().lower())
    if len(str(data.get("password") or "")) < MIN_PASSWORD_LENGTH:
        problems["password"] = f"Use at least {MIN_PASSWORD_LENGTH} characters."
    return problems


def _farm_values(session: Session, data: Mapping[str, Any], check: Checker) -> dict[str, Any]:
    """The farm's columns; `own_manure_status` follows the farm's status at sign-up."""
    number = normal_skal_number(data.get("skal_number"))
    status = data.get("status")
    if status == FarmStatus.CONVENTIONAL.value:
        check.fail("status", "Only organic and conversion farms can trade on this market.")
    problem = skal_number_problem(session, number)
    if problem is not None:
        check.fail("skal_number", problem)
    if data.get("province") not in PROVINCES:
        check.fail("province", "Choose a value.")
    farm_data = {
        **data,
        "name": data.get("farm_name"),
        "skal_number": number,
        "own_manure_status": status,
        "approved": False,
    }
    try:
        return clean_farm(farm_data)
    except ValidationError as error:
        for field, message in error.errors.items():
            check.fail("farm_name" if field == "name" else field, message)
        return {}


def approve_farm(session: Session, farm: Farm) -> Farm:
    """A coordinator's approval: the Skal number must still be well-formed and unique."""
    problem = skal_number_problem(session, farm.skal_number or "", farm.id)
    if problem is not None:
        raise ValidationError({"skal_number": problem})
    farm.approved = True
    session.flush()
    return farm


def set_password(session: Session, user: User, password: str) -> User:
    """Replace the password (after a reset); the old reset links stop working with it."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError({"password": f"Use at least {MIN_PASSWORD_LENGTH} characters."})
    user.password_hash = generate_password_hash(password)
    session.flush()
    return user
