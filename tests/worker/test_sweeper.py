"""The sweeper and the scheduled runs: the run row decides what is stuck, not the broker."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from kombu.exceptions import OperationalError as BrokerDown
from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings, tasks
from market.core.validation import ValidationError
from market.models import MatchRun, RunPhase, RunStatus, utcnow
from tests.factories import add_run, small_market
from worker import claims, pipeline, scheduling
from worker.context import WorkerContext


def age(db: Session, run: MatchRun, seconds: float, *, heartbeat: bool = True) -> None:
    """Pretend the run's last sign of life was `seconds` ago."""
    past = utcnow() - timedelta(seconds=seconds)
    run.created_at = past
    run.heartbeat_at = past if heartbeat else None
    db.commit()


def test_runs_without_a_sign_of_life_are_queued_again_and_enqueued(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    small_market(db)
    lost_message = add_run(db, settings)
    dead_worker = add_run(db, settings)
    alive = add_run(db, settings)
    fresh = add_run(db, settings)
    db.commit()
    for run in (dead_worker, alive):
        assert pipeline.claim_and_prepare(ctx, run.id, f"task-{run.id}") is not None
    stale = settings.stuck_run_after_s + 1
    age(db, lost_message, stale, heartbeat=False)
    age(db, dead_worker, stale)
    enqueued: list[int] = []
    assert scheduling.sweep(ctx, enqueued.append) == [lost_message.id, dead_worker.id]
    assert enqueued == [lost_message.id, dead_worker.id]
    db.expire_all()
    assert (dead_worker.status, dead_worker.phase, dead_worker.claimed_by) == (
        RunStatus.QUEUED,
        RunPhase.QUEUED,
        None,
    )
    assert dead_worker.input_snapshot is not None  # the next attempt reuses it
    assert (alive.status, fresh.status) == (RunStatus.RUNNING, RunStatus.QUEUED)
    assert scheduling.sweep(ctx, enqueued.append) == []  # just enqueued: not stuck


def test_a_stale_running_run_can_be_claimed_by_anyone(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    small_market(db)
    run = add_run(db, settings)
    db.commit()
    assert claims.claim(db, run.id, "a:1:t1", "t1", settings.stuck_run_after_s)
    db.commit()
    assert not claims.claim(db, run.id, "b:2:t2", "t2", settings.stuck_run_after_s)
    age(db, run, settings.stuck_run_after_s + 1)
    assert claims.claim(db, run.id, "b:2:t2", "t2", settings.stuck_run_after_s)
    db.commit()
    db.expire_all()
    assert (run.claimed_by, run.attempts) == ("b:2:t2", 2)
    assert not claims.beat(db, run.id, "a:1:t1")  # the old owner's heartbeat no longer counts
    assert claims.beat(db, run.id, "b:2:t2")


def test_a_scheduled_run_per_region_unless_one_is_active(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    broker = Broker(ctx)
    run_id = scheduling.start_scheduled_run(ctx, broker, "Gelderland")
    assert run_id is not None
    run = db.get_one(MatchRun, run_id)
    assert run.scope == {"region": "Gelderland", "from": None, "until": None}
    assert (run.created_by_id, run.status, run.params) == (
        None,
        RunStatus.QUEUED,
        dict(settings.policy),
    )
    assert broker.sent == [(tasks.RUN_MATCHING, [run_id])]
    assert broker.committed == [True]  # the row was there before its message
    assert scheduling.start_scheduled_run(ctx, broker, "Gelderland") is None
    assert scheduling.start_scheduled_run(ctx, broker, "Zeeland") is not None
    assert len(broker.sent) == 2


def test_a_scheduled_run_gets_the_scope_checks_of_a_coordinators_run(
    ctx: WorkerContext, db: Session
) -> None:
    broker = Broker(ctx)
    with pytest.raises(ValidationError) as refused:
        scheduling.start_scheduled_run(ctx, broker, "Atlantis")
    assert list(refused.value.errors) == ["region"]
    assert db.scalars(select(MatchRun)).all() == [] and broker.sent == []


def test_a_scheduled_run_stays_queued_for_the_sweeper_when_the_broker_is_down(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    run_id = scheduling.start_scheduled_run(ctx, Broker(ctx, down=True), "Zeeland")
    assert run_id is not None
    run = db.get_one(MatchRun, run_id)
    assert run.status is RunStatus.QUEUED
    age(db, run, settings.stuck_run_after_s + 1, heartbeat=False)
    enqueued: list[int] = []
    assert scheduling.sweep(ctx, enqueued.append) == [run_id] == enqueued


class Broker:
    """A producer's `send_task`: records (task name, args) and whether the run was committed
    when its message left; `down` raises what kombu raises when the broker does not answer."""

    def __init__(self, ctx: WorkerContext, down: bool = False) -> None:
        self.ctx, self.down = ctx, down
        self.sent: list[tuple[str, list[int]]] = []
        self.committed: list[bool] = []

    def send_task(self, name: str, args: list[int], queue: str) -> SimpleNamespace:
        if self.down:
            raise BrokerDown("connection refused")
        with self.ctx.session() as other:
            self.committed.append(other.get(MatchRun, args[0]) is not None)
        self.sent.append((name, args))
        return SimpleNamespace(id=f"task-{len(self.sent)}")
