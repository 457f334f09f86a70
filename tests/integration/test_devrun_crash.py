"""The crash drill under `make run`'s own processes (issue 14): `python -m market.core.devrun`.

The embedded filesystem broker loses the message of a worker killed mid-run; devrun's beat
sweeper must queue the run again, devrun must start a new worker, and the run must end
exactly once: solved, on the second attempt, with one set of proposals.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from market.core.db import engine_for_url, make_session_factory
from market.models import Proposal, RunPhase, RunStatus
from tests.integration.processes import Process, wait_until
from tests.integration.runs import NATIONAL, enqueue, finished_run, new_run, run_state

pytestmark = pytest.mark.integration
CHILD_PID = re.compile(r"started (the Celery worker|the mail worker|Celery beat) \(pid (\d+)\)")
STARTUP_TIMEOUT_S = 45.0
RECOVERY_TIMEOUT_S = 45.0

Devrun = tuple[Process, dict[str, str], sessionmaker[Session]]


def child_pids(devrun: Process, name: str) -> list[int]:
    """Pids of the children devrun logged as started, oldest first."""
    return [int(m.group(2)) for m in CHILD_PID.finditer(devrun.text()) if m.group(1) == name]


def kill_group(pid: int) -> None:
    """SIGKILL a child's process group (each child leads a session of its own)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


@pytest.fixture
def devrun(tmp_path: Path, sqlite_market: Path) -> Iterator[Devrun]:
    """devrun on a copy of the national market, with a sweeper that acts after 2 s."""
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copyfile(sqlite_market, instance / "mestmatch.sqlite3")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        MESTMATCH_ENV="development",
        MESTMATCH_INSTANCE=str(instance),
        MESTMATCH_PORT="0",
        MESTMATCH_STUCK_RUN_AFTER_S="2",
        MESTMATCH_FANOUT_MIN_FARMS="1000000",  # one task holds the whole run
        PYTHONUNBUFFERED="1",
    )
    process = Process(
        [sys.executable, "-m", "market.core.devrun"], env, tmp_path / "devrun.log", signal.SIGINT
    )
    engine = engine_for_url(f"sqlite:///{instance / 'mestmatch.sqlite3'}")
    try:
        # workers and beat are started before the URL; quiet, they say no "ready." (a run
        # sent earlier waits in the broker)
        process.wait_for("mestmatch is running at", STARTUP_TIMEOUT_S)
        yield process, env, make_session_factory(engine)
    finally:
        process.stop()
        engine.dispose()
        for name in ("the Celery worker", "the mail worker", "Celery beat"):  # orphans
            for pid in child_pids(process, name):
                kill_group(pid)


def test_a_worker_killed_mid_run_under_make_run_finishes_the_run_exactly_once(
    devrun: Devrun,
) -> None:
    process, env, sessions = devrun
    run_id = new_run(sessions, NATIONAL)
    enqueue(env, run_id)
    wait_until(
        lambda: run_state(sessions, run_id).phase is RunPhase.SOLVING, 60, "solving", every=0.02
    )
    [doomed] = child_pids(process, "the Celery worker")
    kill_group(doomed)
    assert run_state(sessions, run_id).status is RunStatus.RUNNING
    run = finished_run(sessions, run_id, timeout=RECOVERY_TIMEOUT_S)
    assert (run.status, run.attempts, run.components_done) == (RunStatus.SOLVED, 2, 1)
    with sessions() as session:
        proposals = session.scalar(select(func.count()).where(Proposal.run_id == run_id))
    assert proposals == (run.stats or {})["flows"] > 100
    assert len(child_pids(process, "the Celery worker")) == 2  # devrun started a new one
    assert process.popen.poll() is None  # and kept the product running
