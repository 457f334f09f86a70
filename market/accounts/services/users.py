"""Accounts: e-mail addresses are stored lowercased and unique; passwords only as hashes.

werkzeug.security hashes (scrypt by default) are what the web app's log-in checks with
`check_password_hash`; werkzeug is not Flask, so the data layer may use it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from market.core.validation import ValidationError
from market.models import Farm, Role, User

MIN_PASSWORD_LENGTH = 8
MAX_EMAIL_LENGTH = 254


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
    errors = _email_problems(session, address)
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Use at least {MIN_PASSWORD_LENGTH} characters."
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


def _email_problems(session: Session, address: str) -> dict[str, str]:
    local, _, domain = address.partition("@")
    if not local or "." not in domain or len(address) > MAX_EMAIL_LENGTH:
        return {"email": "Enter a valid e-mail address."}
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        return {"email": "An account with this e-mail address already exists."}
    return {}
