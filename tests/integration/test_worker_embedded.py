"""The embedded default (SQLite + kombu's filesystem broker) with real worker processes.

No server at all, as on a laptop with `make run`. This broker loses the message of a worker
killed with SIGKILL; the beat sweeper notices the silent run and enqueues it again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.broker import ensure_broker_folders
from market.core.db import engine_for_url, make_session_factory
from market.models import Proposal, RunPhase, RunStatus
from tests.integration.processes import Process, start_beat, wait_until
from tests.integration.runs import (
    NATIONAL,
    SMALL,
    enqueue,
    finished_run,
    new_run,
    run_state,
    worker_env,
)

pytestmark = pytest.mark.integration


Embedded = tuple[dict[str, str], sessionmaker[Session]]


@pytest.fixture
def embedded(tmp_path: Path, sqlite_market: Path) -> Iterator[Embedded]:
    """The environment of an embedded install (its instance folder) and a session factory."""
    env = worker_env(tmp_path, MESTMATCH_STUCK_RUN_AFTER_S="2")
    settings = Settings.from_env(env)
    shutil.copyfile(sqlite_market, settings.instance_dir / "mestmatch.sqlite3")
    ensure_broker_folders(settings)
    engine = engine_for_url(settings.database_url)
    yield env, make_session_factory(engine)
    engine.dispose()


def test_runs_end_to_end_on_the_embedded_broker(
    embedded: Embedded, workers: Callable[..., Process]
) -> None:
    """A small run in one task, and a national one fanned out as a chord (file results)."""
    env, sessions = embedded
    workers(env)
    small, national = new_run(sessions, SMALL), new_run(sessions, NATIONAL)
    enqueue(env, small)
    enqueue(env, national)
    run = finished_run(sessions, small, timeout=60)
    assert (run.status, run.phase, run.components_done, run.attempts) == (
        RunStatus.SOLVED,
        RunPhase.DONE,
        1,
        1,
    )
    assert run.stats and run.stats["flows"] == 1
    run = finished_run(sessions, national, timeout=60)
    # the generated farms' component, the remote pair, and the farms that trade with nobody
    assert (run.status, run.components_total, run.components_done) == (RunStatus.SOLVED, 3, 3)
    assert count_proposals(sessions, national) == (run.stats or {})["flows"] > 100


def test_a_killed_worker_s_lost_message_is_recovered_by_the_sweeper(
    tmp_path: Path,
    embedded: Embedded,
    workers: Callable[..., Process],
) -> None:
    """The solving task's message dies with the worker; the sweeper queues the run again."""
    env, sessions = embedded
    env = {**env, "MESTMATCH_FANOUT_MIN_FARMS": "1000000"}  # one task holds the whole run
    doomed = workers(env, "doomed")
    run_id = new_run(sessions, NATIONAL)
    enqueue(env, run_id)
    wait_until(
        lambda: run_state(sessions, run_id).phase is RunPhase.SOLVING, 60, "solving", every=0.02
    )
    doomed.kill()
    assert run_state(sessions, run_id).status is RunStatus.RUNNING
    workers(env, "heir")
    beat = start_beat(env, tmp_path / "beat.log")
    try:
        run = finished_run(sessions, run_id, timeout=90)
    finally:
        beat.stop()
    assert (run.status, run.attempts, run.components_done) == (RunStatus.SOLVED, 2, 1)
    assert count_proposals(sessions, run_id) == (run.stats or {})["flows"] > 100


def count_proposals(sessions: sessionmaker[Session], run_id: int) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).where(Proposal.run_id == run_id)) or 0
