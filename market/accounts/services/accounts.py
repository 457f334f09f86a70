"""Sign-up, farm approval and passwords: the account side of the market.

A farmer signs up with a farm; the farm starts unapproved, and a coordinator approves it
after checking its Skal number, because only certified farms may trade organic manure (R3).
The Skal number is checked twice (format and uniqueness): when the farmer types it and again
when the coordinator approves, since another farm may have registered it in between. The
inputs come as their schemas (`market.accounts.schemas`); the checks that need the database
(an address or a Skal number already taken) are made here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from market.accounts.schemas import (
    SKAL_NUMBER,
    PasswordResetInput,
    SignupInput,
    normal_skal_number,
)
from market.accounts.services.api_tokens import revoke_all
from market.accounts.services.farms import create_farm
from market.accounts.services.sessions import end_sessions
from market.accounts.services.users import create_user, email_problems
from market.core.validation import FieldError, ValidationError
from market.models import Farm, Role, User


def skal_number_problem(
    session: Session, number: str, farm_id: int | None = None
) -> FieldError | None:
    """Why `number` cannot be this farm's Skal number, or None when it can."""
    if not SKAL_NUMBER.fullmatch(number):
        return FieldError("skal_format")
    query = select(Farm.id).where(Farm.skal_number == number)
    if farm_id is not None:
        query = query.where(Farm.id != farm_id)
    if session.scalar(query) is not None:
        return FieldError("skal_taken")
    return None


def sign_up(session: Session, data: SignupInput) -> User:
    """A farmer's account with a new, unapproved farm; nothing is written when the address
    or the Skal number is taken."""
    errors = taken(session, data.email, data.skal_number)
    if errors:
        raise ValidationError(errors)
    farm = create_farm(session, data.farm())
    role = Role(data.role)
    return create_user(session, data.email, data.password, role, name=data.name or "", farm=farm)


def taken(session: Session, email: str, skal_number: str) -> dict[str, FieldError]:
    """Why the address and the Skal number (as typed) cannot be a new account's and farm's:
    the page shows these next to the form's other problems, so the farmer sees all at once."""
    errors = email_problems(session, email.strip().lower())
    problem = skal_number_problem(session, normal_skal_number(skal_number))
    if problem is not None:
        errors["skal_number"] = problem
    return errors


def approve_farm(session: Session, farm: Farm) -> Farm:
    """A coordinator's approval: the Skal number must still be well-formed and unique."""
    problem = skal_number_problem(session, farm.skal_number or "", farm.id)
    if problem is not None:
        raise ValidationError({"skal_number": problem})
    farm.approved = True
    session.flush()
    return farm


def set_password(session: Session, user: User, data: PasswordResetInput) -> User:
    """Replace the password (after a reset); the old reset links stop working with it.

    Whoever knew the old password may still be logged in or hold a token, so every session
    of the account ends and every API token is revoked: the new password is the only key.
    """
    user.password_hash = generate_password_hash(data.password)
    end_sessions(session, user.id)
    revoke_all(session, user.id)
    session.flush()
    return user
