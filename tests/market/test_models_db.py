"""Engine and session helpers of `market.core.db`."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.db import make_engine, make_session_factory, session_scope
from market.models import AuditEntry, Farm
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


def test_json_columns_round_trip_through_orjson(db: Session) -> None:
    """JSON columns are written and read by orjson (`market.core.db`): keys become text as
    the standard library made them, an integer beyond 64 bits (which orjson refuses) is still
    stored, NaN (never in a validated document) becomes null instead of invalid JSON."""
    detail = {7: "lot", "nested": [{"t": 1.5, "day": "2026-11-30"}], "nan": float("nan")}
    entry = AuditEntry(action="test.json", target_type="run", target_id=1, detail=detail)
    huge = AuditEntry(action="test.json", target_type="run", target_id=2, detail={"n": 2**70})
    db.add_all([entry, huge])
    db.commit()
    db.expire_all()
    assert db.get_one(AuditEntry, entry.id).detail == {
        "7": "lot",
        "nested": [{"t": 1.5, "day": "2026-11-30"}],
        "nan": None,
    }
    assert db.get_one(AuditEntry, huge.id).detail["n"] == pytest.approx(2**70)


def test_json_text_the_standard_library_wrote_with_nan_still_reads(
    sqlite_session: Session,
) -> None:
    """An embedded database from before orjson may hold the standard library's `NaN`."""
    sqlite_session.add(AuditEntry(action="test.json", target_type="run", target_id=1, detail={}))
    sqlite_session.commit()
    sqlite_session.execute(text("UPDATE audit_log SET detail = '{\"gap\": NaN}'"))
    sqlite_session.commit()
    sqlite_session.expire_all()
    value = sqlite_session.scalars(select(AuditEntry.detail)).one()["gap"]
    assert math.isnan(value)
