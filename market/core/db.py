"""Engine, sessions and migrations: the one door between the code and the database.

No Flask here: the web app, the worker, the CLI and the tests all build their engine from
a `Settings` object (or a URL) with the same functions. SQLite is the embedded default and
is shared by the web process and the worker process, so every connection switches on
foreign keys (SQLite ignores them otherwise), WAL (readers do not block the writer) and a
busy timeout (a writer waits for the other's lock instead of failing at once).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from config import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000


def make_engine(settings: Settings) -> Engine:
    """The engine for `settings.database_url`."""
    return engine_for_url(settings.database_url)


def engine_for_url(url: str, **kwargs: Any) -> Engine:
    """An engine for any URL; SQLite gets its pragmas, its folder and thread sharing; JSON
    columns are read and written with orjson (`_json_text`, `_json_value`)."""
    parsed = make_url(url)
    kwargs = {"json_serializer": _json_text, "json_deserializer": _json_value, **kwargs}
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _json_text(value: Any) -> str:
    """JSON columns through orjson: a national run's snapshot, components and solution are
    megabytes, which the standard library encodes about ten times slower. orjson refuses
    integers beyond 64 bits, which the standard library writes: those (never a validated
    listing's) keep the standard encoding."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def _json_value(text: str | bytes) -> Any:
    """A JSON column's value. orjson refuses the `NaN` the standard library wrote before it
    (it writes null itself): such older text is read by the standard library."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Run on every new SQLite connection, before SQLAlchemy uses it."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions keep loaded values after commit, so a view can render what it just saved."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block succeeds, roll back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Config:
    """Alembic's configuration for `market/migrations`, aimed at `url`."""
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` (used by the CLI, the dev runner, tests)."""
    command.upgrade(alembic_config(url), revision)
