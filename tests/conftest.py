"""The fixtures every test package shares: settings, the app, a client, a login, databases.

Flask's tutorial is the model (pallets/flask `examples/tutorial/tests/conftest.py`): `app` and
`client` fixtures and `auth`, an `AuthActions` that logs in and out through the pages. Each
test gets an instance folder of its own holding a copy of one SQLite file built with the real
migrations (`market.core.db.upgrade`) once per session, so tests see the schema production
sees at the cost of a file copy. CSRF protection stays on: the helpers read the token from the
page like a browser. PostgreSQL and Redis are the real servers `make test` starts
(TEST_DATABASE_URL, TEST_REDIS_URL); rows come from the plain functions in `tests/factories.py`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from config import Settings
from market.core.db import engine_for_url, upgrade
from tests.factories import PASSWORD
from tests.pg import Databases, package_of

if TYPE_CHECKING:
    from market.core.extensions import AppState

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VERSION_FIELD = re.compile(r'name="version" type="hidden" value="([^"]*)"')
T = TypeVar("T")


def settings_for(instance_dir: Path, **environ: str) -> Settings:
    """Settings as `Settings.from_env` builds them, from an explicit environment only."""
    return Settings.from_env(
        {"MESTMATCH_ENV": "test", "MESTMATCH_INSTANCE": str(instance_dir), **environ}
    )


def state(app: Flask) -> AppState:
    """What `create_app` keeps for the app: settings, session factory, broker."""
    return app.extensions["mestmatch"]


@contextmanager
def running_app(settings: Settings) -> Iterator[Flask]:
    """The app on `settings` (broker folders made, TESTING on); its engine is disposed after.

    The app is imported here, not above: the engine's tests share this file and need no app.
    """
    from market.core.app import create_app
    from market.core.broker import ensure_broker_folders

    ensure_broker_folders(settings)
    flask_app = create_app(settings)
    flask_app.config["TESTING"] = True
    try:
        yield flask_app
    finally:
        state(flask_app).session_factory.kw["bind"].dispose()


def load(app: Flask, model: type[T], row_id: int) -> T:
    """A fresh copy of a row, read after the request committed (detached, columns loaded)."""
    with state(app).session_factory() as session:
        row = session.get(model, row_id)
        assert row is not None, f"no {model.__name__} {row_id}"
        session.expunge_all()
        return row


def csrf_token(page: TestResponse) -> str:
    """The hidden CSRF field of the (first) form on a page."""
    found = CSRF_FIELD.search(page.get_data(as_text=True))
    assert found, "page has no CSRF token"
    return found.group(1)


def hidden_fields(page: TestResponse, action: str | None = None) -> dict[str, object]:
    """What a browser sends unseen with a form on a page: its CSRF token, and the state the
    form was filled from (`version`) where it carries one. The form is the one posting to
    `action` when the page has one (a run page has a form per proposal, each carrying its
    own version), else the first form on the page."""
    text = page.get_data(as_text=True)
    if action is not None:
        form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', text, re.S)
        text = form.group(1) if form and CSRF_FIELD.search(form.group(1)) else text
    version = VERSION_FIELD.search(text)
    carried = {"version": unescape(version.group(1))} if version else {}
    return {"csrf_token": csrf_token(page), **carried}


def post_form(
    client: FlaskClient, page: str, data: dict[str, object], action: str | None = None
) -> TestResponse:
    """Open `page`, take the hidden fields of its form posting to `action` (default: the
    page; `hidden_fields`) and post `data` there."""
    opened = client.get(page)
    return client.post(action or page, data={**hidden_fields(opened, action), **data})


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Post the log-in form the way a browser does: token from the page, then the fields."""
    return post_form(client, "/login", {"email": email, "password": password})


def log_out(client: FlaskClient) -> TestResponse:
    """Every page's header carries the log-out form; a plain error page is the lightest one."""
    return post_form(client, "/no-such-page", {}, action="/logout")


class AuthActions:
    """`auth.login(email=...)` and `auth.logout()` on the test's client, as in Flask's tutorial;
    accounts made by `tests.factories.add_user` have the password `PASSWORD`."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = PASSWORD) -> TestResponse:
        return log_in(self._client, email, password)

    def logout(self) -> TestResponse:
        return log_out(self._client)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; tests get copies of it."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path) -> Settings:
    """Embedded settings on `tmp_path/instance`, holding a copy of the migrated database
    (the broker folders are not made: the app fixture and the tests that need them do)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copyfile(migrated_sqlite, instance / "mestmatch.sqlite3")
    return settings_for(instance)


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    with running_app(settings) as flask_app:
        yield flask_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def sqlite_url(settings: Settings) -> str:
    """The test's own migrated SQLite database (the one `app` would use)."""
    return settings.database_url


@pytest.fixture
def sqlite_session(sqlite_url: str) -> Iterator[Session]:
    engine = engine_for_url(sqlite_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[Databases]:
    """The session's throwaway PostgreSQL databases, one per test package, dropped at the end."""
    with ExitStack() as stack:
        yield Databases(stack)


@pytest.fixture
def pg_engine(request: pytest.FixtureRequest, pg_databases: Databases) -> Engine:
    """An engine on this test package's migrated database (made once per session)."""
    return pg_databases.engine(package_of(request.path))


@pytest.fixture
def pg_url(pg_engine: Engine) -> str:
    return pg_engine.url.render_as_string(hide_password=False)


@pytest.fixture
def pg_session(pg_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back at the end: tests leave no rows."""
    with pg_engine.connect() as conn, conn.begin() as outer:
        session = Session(bind=conn, join_transaction_mode="create_savepoint")
        yield session
        session.close()
        outer.rollback()


@pytest.fixture
def redis_url() -> str:
    """The tests' Redis database (TEST_REDIS_URL, db 11 in the Makefile), emptied for this test."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.fail("TEST_REDIS_URL is not set: run `make test` (it starts Redis)")
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements `engine` runs meanwhile (a page's queries counted: none per row)."""
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
