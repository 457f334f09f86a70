"""Helpers for the integration tests: the worker's environment, runs, waiting for them."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.broker import enqueue_run, make_producer
from market.models import MatchRun, RunStatus
from tests.factories import add_run
from tests.integration.processes import wait_until

NATIONAL_FARMS = 2000
NATIONAL = "Synthetic"
SMALL = "Overijssel"
RUN_TIMEOUT_S = 120.0
DONE = (RunStatus.SOLVED, RunStatus.INFEASIBLE, RunStatus.FAILED, RunStatus.NO_SOLUTION)


def worker_env(tmp_path: Path, **environ: str) -> dict[str, str]:
    """The environment a deployed worker gets, plus the test's settings."""
    (tmp_path / "instance").mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "MESTMATCH_ENV": "test",
        "MESTMATCH_INSTANCE": str(tmp_path / "instance"),
        **environ,
    }


def new_run(sessions: sessionmaker[Session], region: str) -> int:
    settings = Settings.from_env({"MESTMATCH_ENV": "test"})
    with sessions() as session:
        run = add_run(session, settings, scope={"region": region, "from": None, "until": None})
        session.commit()
        return run.id


def enqueue(env: dict[str, str], run_id: int) -> str:
    """The web app's way: a producer built from the same settings sends the task by name."""
    producer = make_producer(Settings.from_env(env))
    try:
        return enqueue_run(producer, run_id)
    finally:
        producer.close()


def finished_run(
    sessions: sessionmaker[Session], run_id: int, timeout: float = RUN_TIMEOUT_S
) -> MatchRun:
    """Wait until the run is done (solved, infeasible or failed) and return it."""
    wait_until(lambda: run_state(sessions, run_id).status in DONE, timeout, f"run {run_id}")
    return run_state(sessions, run_id)


def run_state(sessions: sessionmaker[Session], run_id: int) -> MatchRun:
    with sessions() as session:
        run = session.get_one(MatchRun, run_id)
        session.expunge(run)
        return run
