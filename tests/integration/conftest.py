"""Real services for the worker's integration tests: PostgreSQL, Redis, worker processes.

A PostgreSQL database of our own per test session (`mestmatch_test_worker_<pid>`, dropped
afterwards) and Redis database 13 of the shared server (flushed per test), so other
packages' tests never see our rows or messages. The national market (2,000 generated
farms) is loaded once per session into its own province; small runs use two farms in
Overijssel.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from market.core.db import engine_for_url, make_session_factory, upgrade
from matching.generate import generate_instance
from tests.integration.loading import load_instance
from tests.integration.processes import Process, start_worker
from tests.integration.runs import NATIONAL, NATIONAL_FARMS
from tests.pg import throwaway_database
from tests.worker.factories import small_market

REDIS_DB = 13


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, migrated database on the server of TEST_DATABASE_URL."""
    with throwaway_database("worker") as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = engine_for_url(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sessions(pg_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(pg_engine)


@pytest.fixture(scope="session")
def market(sessions: sessionmaker[Session]) -> str:
    """The small market (Overijssel) and the national one; returns the national province."""
    doc = generate_instance(NATIONAL_FARMS, seed=7)
    with sessions() as session:
        small_market(session)
        load_instance(session, doc, NATIONAL)
        session.commit()
    return NATIONAL


@pytest.fixture
def redis_url() -> str:
    """Our Redis database on the shared server, emptied for this test."""
    base = os.environ.get("TEST_REDIS_URL")
    if not base:
        pytest.fail("TEST_REDIS_URL is not set: run `make test` (it starts Redis)")
    url = make_url(base).set(database=str(REDIS_DB)).render_as_string(hide_password=False)
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url


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
