"""Who is logged in: Flask-Login wired to the `users` table.

The ORM's `User` knows nothing of Flask (import rule), so the web app wraps the row it
loads in a small frozen `WebUser`: the header and the views need the id, the name, the
role and the farm's name, and a plain value cannot go stale when the session closes.
Passwords are checked with werkzeug.security against the hash the data layer stored.

A log-in is a row in `user_sessions` (`market.accounts.services.sessions`): Flask-Login's user
id is "<user id>:<session id>" (its alternative-token pattern), so the cookie names the
session and the loader refuses one that log-out, a password reset or a coordinator ended.
The remember-me cookie, were it set, would carry the same id and end with the session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from market.accounts.services.sessions import close_session, open_session, session_user
from market.core.extensions import db_session, login_manager
from market.core.forms import LogoutForm
from market.models import Role, User

COORDINATOR = Role.COORDINATOR.value

ROLE_LABELS = {
    "livestock_farmer": _l("livestock farmer"),
    "arable_farmer": _l("arable farmer"),
    "coordinator": _l("coordinator"),
}


@dataclass(frozen=True)
class WebUser(UserMixin):
    """The logged-in user as the templates see it."""

    id: int
    email: str
    display_name: str
    role: str
    farm_id: int | None
    farm_name: str | None
    locale: str
    active: bool = True
    session_id: str | None = None

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What the session cookie keeps: the user's id and the id of this log-in."""
        return f"{self.id}:{self.session_id}"

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR


def web_user(row: User, session_id: str | None = None) -> WebUser:
    """Copy what the web needs out of a `User` row; `session_id` for a log-in's user."""
    farm = row.farm
    return WebUser(
        id=row.id,
        email=row.email,
        display_name=row.name,
        role=row.role.value,
        farm_id=farm.id if farm is not None else None,
        farm_name=farm.name if farm is not None else None,
        locale=row.locale,
        active=row.is_active,
        session_id=session_id,
    )


def log_in(row: User) -> bool:
    """Open a session for an active account and commit it; False for a disabled account."""
    if not row.is_active:
        return False
    session_id = open_session(db_session(), row)
    db_session().commit()
    return bool(login_user(web_user(row, session_id)))


def log_out() -> None:
    """End the current session on the server too, so a copy of its cookie is worthless."""
    session_id = getattr(current_user, "session_id", None)
    if session_id is not None:
        close_session(db_session(), session_id)
        db_session().commit()
    logout_user()


def find_user(email: str) -> User | None:
    """The account with this address; stored lowercased, so case and blanks do not matter."""
    wanted = email.strip().lower()
    return db_session().scalar(select(User).where(User.email == wanted))


def authenticate(email: str, password: str) -> User | None:
    """The account when the address and password match, else None (no hint which failed).

    An account whose address is not confirmed yet counts as unknown: else whoever signed up
    with an address could log in to learn whether it had an account before.
    """
    row = find_user(email)
    if not password_matches(row, password) or row is None or row.email_confirmed_at is None:
        return None
    return row


def password_matches(row: User | None, password: str) -> bool:
    """Check the password; without an account, check a decoy so both cases take as long."""
    if row is None:
        check_password_hash(_decoy_hash(), password)
        return False
    return check_password_hash(row.password_hash, password)


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def role_label(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return str(label) if label is not None else role


def init_login(app: Flask) -> None:
    """Bind Flask-Login; anonymous visitors of a protected page go to the log-in form."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_user)
    app.context_processor(_template_context)


def _load_user(user_id: str) -> WebUser | None:
    """The user of a live session (`user_id` as `WebUser.get_id` made it), else None; never on
    the API, which knows its callers by their bearer token only (`market.core.api.auth`): a
    session cookie there would let other sites call it (no CSRF)."""
    from market.core.api import is_api_request  # here: market.core.api imports this module

    number, _, session_id = user_id.partition(":")
    if is_api_request() or not number.isdigit() or not session_id:
        return None
    row = session_user(db_session(), int(number), session_id)
    return web_user(row, session_id) if row is not None else None


def _template_context() -> dict[str, object]:
    return {"logout_form": LogoutForm(), "role_label": role_label}
