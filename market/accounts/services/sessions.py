"""Server-side sessions: a log-in lasts as long as its row in `user_sessions`.

Flask keeps its session in a signed cookie, which the server cannot take back: a cookie
copied before log-out would log in again. So each log-in gets a random id, stored here
and carried in the cookie (`market.core.login` makes it part of Flask-Login's user id);
a request whose id has no row is anonymous. Ending a session is deleting its row, which
every web process sees at once because they share the database (SQLite embedded or
PostgreSQL), with no cache to invalidate. This was chosen over a per-user version number
because it can also end one session alone (log-out) without ending the user's others.
A session lasts at most `MAX_AGE`; older rows are refused and cleared at the next log-in.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from market.models import User, UserSession, utcnow

#: How long a log-in lasts at most, however often it is used.
MAX_AGE = timedelta(days=30)


def open_session(session: Session, user: User) -> str:
    """A new session for `user`; returns its id (43 URL-safe characters) for the cookie."""
    session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.created_at < utcnow() - MAX_AGE
        )
    )
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user.id)
    session.add(row)
    session.flush()
    return row.id


def session_user(session: Session, user_id: int, session_id: str) -> User | None:
    """The user of a live, unexpired session of `user_id`, else None."""
    query = (
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.id == session_id,
            User.id == user_id,
            UserSession.created_at >= utcnow() - MAX_AGE,
        )
    )
    return session.scalar(query)


def close_session(session: Session, session_id: str) -> None:
    """End one session (log-out); nothing happens when it has already ended."""
    session.execute(delete(UserSession).where(UserSession.id == session_id))


def end_sessions(session: Session, user_id: int) -> int:
    """End every session of the user (password reset, a coordinator); returns how many."""
    query = delete(UserSession).where(UserSession.user_id == user_id)
    return len(session.scalars(query.returning(UserSession.id)).all())
