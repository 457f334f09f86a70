"""Redis stops while the web app enqueues: a clear error, the run stays queued, nothing lost.

A redis-server of our own on a free port (the shared one is never stopped). When it is back,
Celery beat's sweeper finds the queued run that no worker claimed and enqueues it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from kombu.exceptions import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.app import create_app
from market.core.broker import broker_problem, enqueue_run
from market.core.extensions import AppState
from market.models import RunPhase, RunStatus
from tests.integration.processes import Process, free_port, start_beat, start_redis
from tests.integration.runs import SMALL, finished_run, new_run, run_state, worker_env

pytestmark = pytest.mark.integration
ENQUEUE_GIVES_UP_WITHIN_S = 20.0


def enqueue_while_down(
    client: FlaskClient, state: AppState, sessions: sessionmaker[Session]
) -> int:
    """What the web app sees: health says the broker is down, enqueueing fails fast."""
    health = client.get("/healthz")
    assert (health.status_code, health.get_json()["broker"]) == (503, "unreachable")
    run_id = new_run(sessions, SMALL)  # the view commits the run before it enqueues
    started = time.monotonic()
    with pytest.raises(OperationalError):
        enqueue_run(state.producer, run_id)
    assert time.monotonic() - started < ENQUEUE_GIVES_UP_WITHIN_S
    return run_id


def test_a_run_enqueued_while_redis_is_down_completes_when_it_is_back(
    tmp_path: Path,
    pg_url: str,
    market: str,
    sessions: sessionmaker[Session],
    workers: Callable[..., Process],
) -> None:
    port = free_port()
    env = worker_env(
        tmp_path,
        DATABASE_URL=pg_url,
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        MESTMATCH_STUCK_RUN_AFTER_S="2",
    )
    start_redis(port, tmp_path).stop()
    settings = Settings.from_env(env)
    app = create_app(settings)
    state: AppState = app.extensions["mestmatch"]
    try:
        run_id = enqueue_while_down(app.test_client(), state, sessions)
    finally:
        state.session_factory.kw["bind"].dispose()
        state.producer.close()
    assert "redis did not answer" in str(broker_problem(settings))
    assert run_state(sessions, run_id).status is RunStatus.QUEUED

    redis = start_redis(port, tmp_path)
    try:
        workers(env)
        beat = start_beat(env, tmp_path / "beat.log")
        try:
            run = finished_run(sessions, run_id, timeout=60)
        finally:
            beat.stop()
    finally:
        redis.stop()
    assert (run.status, run.phase, run.attempts) == (RunStatus.SOLVED, RunPhase.DONE, 1)
    assert "mestmatch.sweep_stuck_runs" in beat.text()
