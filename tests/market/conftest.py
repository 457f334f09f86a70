"""Databases for the data-layer tests: migrated SQLite files, and a PostgreSQL database of
our own (created per test session on the server of TEST_DATABASE_URL, dropped afterwards),
so other packages' tests on the shared `mestmatch_test` database never collide with ours.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from market.core.db import engine_for_url, upgrade
from market.models import Farm, FarmStatus
from tests.pg import throwaway_database

BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.integration)]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; tests get copies of it."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    copy = tmp_path / "market.sqlite3"
    shutil.copyfile(sqlite_template, copy)
    return f"sqlite:///{copy}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh database `mestmatch_test_market_<pid>` for this test session."""
    with throwaway_database("market") as url:
        yield url


@pytest.fixture(scope="session")
def pg_url(pg_database: str) -> str:
    """The session's PostgreSQL database, migrated to head."""
    upgrade(pg_database)
    return pg_database


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = engine_for_url(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_session(pg_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back at the end: tests leave no rows."""
    with pg_engine.connect() as conn, conn.begin() as outer:
        session = Session(bind=conn, join_transaction_mode="create_savepoint")
        yield session
        session.close()
        outer.rollback()


@pytest.fixture
def sqlite_session(sqlite_url: str) -> Iterator[Session]:
    engine = engine_for_url(sqlite_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest) -> Session:
    """The same test on a migrated SQLite file and on PostgreSQL (marked integration)."""
    return request.getfixturevalue(f"{request.param}_session")


def make_farm(session: Session, **overrides: Any) -> Farm:
    """An approved organic arable farm near Zwolle; keyword arguments override columns."""
    values: dict[str, Any] = {
        "name": "De Eikenhof",
        "status": FarmStatus.ORGANIC,
        "approved": True,
        "lat": 52.51,
        "lon": 6.09,
        "province": "Overijssel",
        "area_ha": 40.0,
        "own_manure_status": FarmStatus.ORGANIC,
        **overrides,
    }
    farm = Farm(**values)
    session.add(farm)
    session.flush()
    return farm


LOT_FORM: dict[str, Any] = {
    "kind": "cattle_slurry",
    "tonnes": 500,
    "n_kg_per_t": 4.4,
    "p2o5_kg_per_t": 1.5,
    "k2o_kg_per_t": 5.9,
    "analysed_on": date(2026, 10, 1),
    "available_from": date(2026, 11, 1),
}
REQUEST_FORM: dict[str, Any] = {
    "n_kg": 4000,
    "kinds": None,
    "accept_nonorganic": False,
    "max_distance_km": 60,
    "wanted_from": date(2027, 2, 16),
}
