"""Sign-up, farm approval and passwords: the account side of the market.

A farmer signs up with a farm; the farm starts unapproved, and a coordinator approves it
after checking its Skal number, because only certified farms may trade organic manure (R3).
No two farms share a name (`farm_name_problem`), which the papers name a farm by.
The Skal number is checked twice (format and uniqueness): when the farmer types it and again
when the coordinator approves, since another farm may have registered it in between. The
inputs come as their schemas (`market.accounts.schemas`); the checks that need the database
(an address or a Skal number already taken) are made here.

Sign-up never tells whether an address has an account (that would let anybody test
addresses): a taken address writes nothing and the caller mails its holder instead, and a
new account cannot log in until its owner opened the link mailed to the address
(`email_confirmed_at`), so signing up with someone else's address shows nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from market.accounts.registration_numbers import SKAL_NUMBER, normal_skal_number
from market.accounts.schemas import PasswordResetInput, SignupInput
from market.accounts.services.api_tokens import revoke_all
from market.accounts.services.farms import create_farm
from market.accounts.services.sessions import end_sessions
from market.accounts.services.users import create_user
from market.core.locks import lock_farms
from market.core.validation import FieldError, ValidationError
from market.models import Farm, Role, User, utcnow


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


def farm_name_key(name: str) -> str:
    """A farm name as two names are compared: case and spacing do not make another farm."""
    return " ".join(name.split()).lower()


def farm_name_problem(session: Session, name: str, farm_id: int | None = None) -> FieldError | None:
    """Why `name` cannot be this farm's name, or None when it can: the declaration of origin
    and the transport papers name a farm by it, so no two farms share one (`farm_name_key`).
    The database narrows the farms to those holding the first word; the keys are compared
    here, the same way on SQLite and PostgreSQL."""
    key = farm_name_key(name)
    if not key:
        return None
    query = select(Farm.name).where(func.lower(Farm.name).contains(key.split()[0], autoescape=True))
    if farm_id is not None:
        query = query.where(Farm.id != farm_id)
    if any(farm_name_key(other) == key for other in session.scalars(query)):
        return FieldError("farm_name_taken")
    return None


@dataclass(frozen=True)
class SignedUp:
    """The account a sign-up names: new (`created`, not yet confirmed) or the one that had
    the address already (nothing was written; its holder is to be told)."""

    user: User
    created: bool


def sign_up(session: Session, data: SignupInput) -> SignedUp:
    """A farmer's account, unconfirmed, with a new unapproved farm; or, when the address has
    an account, that account and nothing written. A taken Skal number raises
    `ValidationError` (whatever the address): the register of Skal numbers is public anyway.

    The password is hashed either way, so both answers take as long.
    """
    errors = taken(session, data.skal_number, data.farm_name)
    if errors:
        raise ValidationError(errors)
    holder = session.scalar(select(User).where(User.email == data.email.strip().lower()))
    if holder is not None:
        generate_password_hash(data.password)  # the work `create_user` does, thrown away
        return SignedUp(holder, created=False)
    farm = create_farm(session, data.farm())
    role = Role(data.role)
    user = create_user(session, data.email, data.password, role, name=data.name or "", farm=farm)
    user.email_confirmed_at = None
    session.flush()
    return SignedUp(user, created=True)


def confirm_email(session: Session, user: User) -> bool:
    """Mark the address proven (the sign-up link was opened); False if it already was."""
    if user.email_confirmed_at is not None:
        return False
    user.email_confirmed_at = utcnow()
    session.flush()
    return True


def taken(session: Session, skal_number: str, farm_name: str) -> dict[str, FieldError]:
    """Why the Skal number or the farm name (as typed) cannot be a new farm's: the page shows
    this next to the form's other problems, so the farmer sees all at once. The address is
    never named."""
    problems = {
        "skal_number": skal_number_problem(session, normal_skal_number(skal_number)),
        "farm_name": farm_name_problem(session, farm_name),
    }
    return {field: problem for field, problem in problems.items() if problem is not None}


def approve_farm(session: Session, farm: Farm) -> Farm:
    """A coordinator's approval: the Skal number must still be well-formed and unique, and
    no other farm may have the farm's name (`farm_name_problem`: it may have been renamed,
    or another farm renamed, since the farm signed up). Checked with the farm's row locked
    (reloaded), so the name judged is the one approved."""
    lock_farms(session, [farm.id])
    problems = {
        "skal_number": skal_number_problem(session, farm.skal_number or "", farm.id),
        "farm_name": farm_name_problem(session, farm.name, farm.id),
    }
    refused = {field: problem for field, problem in problems.items() if problem is not None}
    if refused:
        raise ValidationError(refused)
    farm.approved = True
    session.flush()
    return farm


def set_password(session: Session, user: User, data: PasswordResetInput) -> User:
    """Replace the password (after a reset); the old reset links stop working with it.

    Whoever knew the old password may still be logged in or hold a token, so every session
    of the account ends and every API token is revoked: the new password is the only key.
    """
    user.password_hash = generate_password_hash(data.password)
    if user.email_confirmed_at is None:  # the reset link came to the address: it is proven
        user.email_confirmed_at = utcnow()
    end_sessions(session, user.id)
    revoke_all(session, user.id)
    session.flush()
    return user
