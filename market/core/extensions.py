"""The Flask extensions and the per-request database session.

Extensions are created unbound here and bound to one app in `create_app`, so tests can
build as many apps (with different settings) as they like in one process.

The database session follows the Indico pattern: one session per app context, created on
first use, rolled back if the request failed and always closed on teardown; a view
commits once at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from celery import Celery
from flask import Flask, current_app, g
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session, sessionmaker

from config import Settings

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()

_STATE_KEY = "mestmatch"


@dataclass(frozen=True)
class AppState:
    """What one app was built from: its settings, its database and its task producer."""

    settings: Settings
    session_factory: sessionmaker[Session]
    producer: Celery


def init_state(app: Flask, state: AppState) -> None:
    """Attach the app's state and close each app context's session on teardown."""
    app.extensions[_STATE_KEY] = state
    app.teardown_appcontext(_remove_session)


def app_state() -> AppState:
    """The state of the app handling the current request or CLI command."""
    return current_app.extensions[_STATE_KEY]


def db_session() -> Session:
    """The session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = app_state().session_factory()
    return g.db_session


def _remove_session(error: BaseException | None) -> None:
    """Undo whatever a failed request left behind; never keep a connection past the context."""
    session: Session | None = g.pop("db_session", None)
    if session is None:
        return
    if error is not None:
        session.rollback()
    session.close()
