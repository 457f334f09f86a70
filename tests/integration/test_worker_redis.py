"""Runs through real `celery worker` processes on Redis and PostgreSQL.

End to end, a worker killed with SIGKILL mid-solve, the same task twice at once, and a
national run fanned out over two workers compared with one solve in this process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import matching
from config import Settings, tasks
from market.core.broker import make_producer
from market.models import Proposal, ReviewStatus, RunExplanation, RunPhase, RunStatus
from tests.integration.processes import Process, start_beat, wait_until
from tests.integration.runs import (
    SMALL,
    enqueue,
    finished_run,
    new_run,
    run_state,
    worker_env,
)
from worker.mapping import instance_document

pytestmark = pytest.mark.integration
NO_FAN_OUT = "1000000"


def proposals_of(sessions: sessionmaker[Session], run_id: int) -> list[tuple[int, int, float]]:
    with sessions() as session:
        rows = session.execute(
            select(Proposal.lot_id, Proposal.request_id, Proposal.tonnes)
            .where(Proposal.run_id == run_id)
            .order_by(Proposal.lot_id, Proposal.request_id)
        )
        return [(lot, request, tonnes) for lot, request, tonnes in rows]


def review_states(sessions: sessionmaker[Session], run_id: int) -> set[ReviewStatus]:
    with sessions() as session:
        query = select(Proposal.review_status).where(Proposal.run_id == run_id).distinct()
        return set(session.scalars(query))


def explanations_of(sessions: sessionmaker[Session], run_id: int) -> int:
    with sessions() as session:
        query = select(func.count()).where(RunExplanation.run_id == run_id)
        return session.scalar(query) or 0


def test_a_run_end_to_end_through_a_worker_on_redis(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    market: str,
    sessions: sessionmaker[Session],
    workers: Callable[..., Process],
) -> None:
    env = worker_env(tmp_path, DATABASE_URL=pg_url, REDIS_URL=redis_url)
    workers(env)
    run_id = new_run(sessions, SMALL)
    enqueue(env, run_id)
    run = finished_run(sessions, run_id)
    assert (run.status, run.phase, run.error_text) == (RunStatus.SOLVED, RunPhase.DONE, None)
    assert (run.components_done, run.components_total, run.attempts) == (1, 1, 1)
    [(_, _, tonnes)] = proposals_of(sessions, run_id)
    assert tonnes == pytest.approx(4000.0 / 4.4)
    assert explanations_of(sessions, run_id) == 2
    assert run.stats and run.stats["solver"] == "highs" and run.objective_eur


def test_a_worker_killed_mid_solve_is_replaced_and_the_run_completes_once(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    market: str,
    sessions: sessionmaker[Session],
    workers: Callable[..., Process],
) -> None:
    """The killed worker's heartbeat goes stale and beat's sweeper sends the run again.

    Redis would also redeliver the message, but only after the visibility timeout, which
    must exceed the task's hard limit (≥ 300 s; shorter is refused, issue 14).
    """
    env = worker_env(
        tmp_path,
        DATABASE_URL=pg_url,
        REDIS_URL=redis_url,
        MESTMATCH_STUCK_RUN_AFTER_S="2",
        MESTMATCH_FANOUT_MIN_FARMS=NO_FAN_OUT,
    )
    first = workers(env, "doomed")
    run_id = new_run(sessions, market)
    enqueue(env, run_id)
    wait_until(
        lambda: run_state(sessions, run_id).phase is RunPhase.SOLVING, 60, "solving", every=0.02
    )
    first.kill()
    killed = run_state(sessions, run_id)
    assert (killed.status, killed.phase) == (RunStatus.RUNNING, RunPhase.SOLVING)
    assert proposals_of(sessions, run_id) == []
    workers(env, "heir")
    beat = start_beat(env, tmp_path / "beat.log")
    try:
        run = finished_run(sessions, run_id)
    finally:
        beat.stop()
    assert (run.status, run.attempts) == (RunStatus.SOLVED, 2)
    assert run.claimed_by != killed.claimed_by
    assert len(proposals_of(sessions, run_id)) == (run.stats or {})["flows"] > 100


def test_the_same_task_twice_at_once_gives_one_set_of_proposals(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    market: str,
    sessions: sessionmaker[Session],
    workers: Callable[..., Process],
) -> None:
    env = worker_env(
        tmp_path, DATABASE_URL=pg_url, REDIS_URL=redis_url, MESTMATCH_FANOUT_MIN_FARMS=NO_FAN_OUT
    )
    one, two = workers(env, "one"), workers(env, "two")
    run_id = new_run(sessions, market)
    producer = make_producer(Settings.from_env(env))
    for _ in range(2):
        producer.send_task(tasks.RUN_MATCHING, args=[run_id], queue=tasks.QUEUE_RUNS)
    producer.close()
    run = finished_run(sessions, run_id)
    assert (run.status, run.attempts) == (RunStatus.SOLVED, 1)
    wait_until(lambda: all("succeeded" in w.text() for w in (one, two)), 30, "both tasks done")
    assert sum("'skipped'" in w.text() for w in (one, two)) == 1
    flows = proposals_of(sessions, run_id)
    assert len(flows) == len(set((lot, req) for lot, req, _ in flows)) == (run.stats or {})["flows"]


def test_a_national_run_fanned_out_over_two_workers_equals_one_solve(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    market: str,
    sessions: sessionmaker[Session],
    workers: Callable[..., Process],
) -> None:
    env = worker_env(tmp_path, DATABASE_URL=pg_url, REDIS_URL=redis_url)
    one, two = workers(env, "one"), workers(env, "two")
    run_id = new_run(sessions, market)
    started = time.monotonic()
    enqueue(env, run_id)
    run = finished_run(sessions, run_id)
    fanned_s = time.monotonic() - started
    assert run.status is RunStatus.SOLVED and run.components_total >= 2
    assert run.components_done == run.components_total
    assert all("mestmatch.solve_component" in w.text() for w in (one, two))
    whole = matching.solve_instance(instance_document(run.input_snapshot or {}))
    assert whole["status"] == "optimal"
    assert run.objective_eur == pytest.approx(whole["objective"], rel=2e-4)
    assert len(proposals_of(sessions, run_id)) == (run.stats or {})["flows"]
    assert review_states(sessions, run_id) == {ReviewStatus.PROPOSED}  # no listing changed
    print(f"national run: {len(whole['flows'])} flows, fanned out in {fanned_s:.1f} s")
