"""Engine and session helpers of `market.core.db`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.db import make_engine, make_session_factory, session_scope
from market.models import Farm
from tests.factories import add_farm as make_farm


def test_sqlite_connections_get_foreign_keys_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    settings = Settings.from_env({"MESTMATCH_INSTANCE": str(tmp_path / "instance")})
    engine = make_engine(settings)
    with engine.connect() as conn:
        pragmas = [
            conn.scalar(text(f"PRAGMA {name}"))
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        ]
    engine.dispose()
    assert pragmas == [1, "wal", 15000]
    assert (tmp_path / "instance" / "mestmatch.sqlite3").exists()


@pytest.fixture
def factory(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(Settings.from_env({"DATABASE_URL": sqlite_url}))
    yield make_session_factory(engine)
    engine.dispose()


def test_session_scope_commits_on_success(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        make_farm(session)
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(Farm)) == 1


def test_session_scope_rolls_back_on_error(factory: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError), session_scope(factory) as session:
        make_farm(session)
        raise RuntimeError("the view failed")
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(Farm)) == 0
