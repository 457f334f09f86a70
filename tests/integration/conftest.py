"""Real services for the worker's integration tests: PostgreSQL, Redis, worker processes.

This package's PostgreSQL database (`mestmatch_test_integration_<pid>`, see `tests/pg.py`)
and the tests' Redis database (TEST_REDIS_URL, flushed per test) come from `tests/conftest.py`.
The national market (2,000 generated farms) is loaded once per session into its own
province; small runs use two farms in Overijssel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from market.core.db import engine_for_url, make_session_factory, upgrade
from market.demo.generated import load_instance
from matching.tools.generate import generate_instance
from tests.factories import add_farm, add_lot, add_request, small_market
from tests.integration.processes import Process, start_worker
from tests.integration.runs import NATIONAL, NATIONAL_FARMS
from tests.pg import Databases, package_of


def remote_pair(session: Session) -> None:
    """Two farms near the Luxembourg border that trade only with each other: with them the
    national market has two trading components, so its run fans out (a market of one
    trading component is solved whole, `worker.pipeline._split`)."""
    supplier = add_farm(session, "Grenshoeve", NATIONAL, lat=49.55, lon=6.05)
    receiver = add_farm(session, "Grensakker", NATIONAL, lat=49.60, lon=6.10)
    add_lot(session, supplier, tonnes=200.0)
    add_request(session, receiver, n_kg=500.0)


@pytest.fixture
def sessions(pg_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(pg_engine)


@pytest.fixture(scope="session")
def market(pg_databases: Databases) -> str:
    """The small market (Overijssel) and the national one; returns the national province."""
    doc = generate_instance(NATIONAL_FARMS, seed=7)
    with make_session_factory(pg_databases.engine(package_of(Path(__file__))))() as session:
        small_market(session)
        load_instance(session, doc, NATIONAL)
        remote_pair(session)
        session.commit()
    return NATIONAL


@pytest.fixture(scope="session")
def sqlite_market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the small and the national market; tests get copies."""
    path = tmp_path_factory.mktemp("embedded") / "market.sqlite3"
    upgrade(f"sqlite:///{path}")
    engine = engine_for_url(f"sqlite:///{path}")
    with make_session_factory(engine)() as session:
        small_market(session)
        load_instance(session, generate_instance(NATIONAL_FARMS, seed=7), NATIONAL)
        remote_pair(session)
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., Process]]:
    """Start named workers with an environment; all are stopped at the end of the test."""
    started: list[Process] = []

    def start(env: dict[str, str], name: str = "w1") -> Process:
        worker = start_worker(env, tmp_path / f"{name}-{len(started)}.log", name)
        started.append(worker)
        return worker

    yield start
    for worker in started:  # all at once: each takes seconds to notice
        worker.popen.send_signal(worker.stop_signal)
    for worker in started:
        worker.stop()
