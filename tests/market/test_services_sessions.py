"""Server-side sessions on SQLite and PostgreSQL: opened, found, ended one or all, expired."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from market.accounts.schemas import PasswordResetInput
from market.accounts.services.accounts import set_password
from market.accounts.services.api_tokens import issue_token, user_tokens
from market.accounts.services.sessions import (
    MAX_AGE,
    close_session,
    end_sessions,
    open_session,
    session_user,
)
from market.core.schemas import parse
from market.models import Role, UserSession, utcnow
from tests.factories import add_user


def test_a_session_is_found_until_it_is_closed(db: Session) -> None:
    user = add_user(db, "boer@example.nl", Role.ARABLE_FARMER, None)
    first, second = open_session(db, user), open_session(db, user)
    assert len(first) == 43 and first != second
    assert session_user(db, user.id, first) is user
    assert session_user(db, user.id + 1, first) is None
    close_session(db, first)
    assert session_user(db, user.id, first) is None
    assert session_user(db, user.id, second) is user


def test_ending_all_sessions_counts_them_and_spares_other_users(db: Session) -> None:
    user = add_user(db, "boer@example.nl", Role.ARABLE_FARMER, None)
    other = add_user(db, "ander@example.nl", Role.ARABLE_FARMER, None)
    mine = [open_session(db, user) for _ in range(3)]
    theirs = open_session(db, other)
    assert end_sessions(db, user.id) == 3
    assert all(session_user(db, user.id, found) is None for found in mine)
    assert session_user(db, other.id, theirs) is other


def test_an_old_session_is_refused_and_cleared_at_the_next_log_in(db: Session) -> None:
    user = add_user(db, "boer@example.nl", Role.ARABLE_FARMER, None)
    old = open_session(db, user)
    row = db.get(UserSession, old)
    assert row is not None
    row.created_at = utcnow() - MAX_AGE - MAX_AGE / 100
    db.flush()
    assert session_user(db, user.id, old) is None
    new = open_session(db, user)
    assert db.scalars(select(UserSession.id).where(UserSession.user_id == user.id)).all() == [new]


def test_a_new_password_ends_the_sessions_and_revokes_the_tokens(db: Session) -> None:
    user = add_user(db, "boer@example.nl", Role.ARABLE_FARMER, None)
    before = open_session(db, user)
    issue_token(db, user, "Script", "write")
    issue_token(db, user, "Report", "read")
    new = "een heel nieuw wachtwoord"
    set_password(db, user, parse(PasswordResetInput, {"password": new, "password_again": new}))
    assert session_user(db, user.id, before) is None
    assert user_tokens(db, user.id) == []
