"""Accounts: e-mail addresses are stored lowercased and unique; passwords only as hashes.

werkzeug.security hashes (scrypt by default) are what the web app's log-in checks with
`check_password_hash`; werkzeug is not Flask, so the data layer may use it. `create_user` takes
plain values because the command line and the demo make accounts too; it checks them itself.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from market.accounts.schemas import MIN_PASSWORD_LENGTH, well_formed_address
from market.core.validation import FieldError, ValidationError
from market.models import Farm, Role, User


def create_user(
    session: Session,
    email: str,
    password: str,
    role: Role,
    *,
    name: str = "",
    farm: Farm | None = None,
) -> User:
    """A new account; refuses a malformed or taken address and a short password."""
    address = email.strip().lower()
    errors = email_problems(session, address)
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = FieldError("password_length", {"count": MIN_PASSWORD_LENGTH})
    if errors:
        raise ValidationError(errors)
    user = User(
        email=address,
        name=name.strip(),
        role=role,
        farm=farm,
        password_hash=generate_password_hash(password),
    )
    session.add(user)
    session.flush()
    return user


def email_problems(session: Session, address: str) -> dict[str, FieldError]:
    """Why `address` (lowercased) cannot be a new account's: malformed, or already taken."""
    if not well_formed_address(address):
        return {"email": FieldError("email")}
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        return {"email": FieldError("email_taken")}
    return {}
