"""The heartbeat keeps a live run from looking abandoned, and only for its owner."""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from config import Settings
from market.models import MatchRun
from tests.factories import add_run, small_market
from worker import pipeline
from worker.context import WorkerContext
from worker.heartbeat import heartbeat


def last_beat(db: Session, run_id: int) -> float:
    run = db.get_one(MatchRun, run_id, populate_existing=True)
    assert run.heartbeat_at is not None
    return run.heartbeat_at.timestamp()


def test_the_owner_beats_while_it_works_and_a_stranger_does_not(
    db: Session, settings: Settings
) -> None:
    quick = Settings.from_env(
        {
            "MESTMATCH_ENV": "test",
            "MESTMATCH_INSTANCE": str(settings.instance_dir),
            "MESTMATCH_STUCK_RUN_AFTER_S": "1",
        }
    )
    ctx = WorkerContext(quick)
    small_market(db)
    run_id = add_run(db, settings).id
    db.commit()
    plan = pipeline.claim_and_prepare(ctx, run_id, "task-1")
    assert plan is not None and ctx.heartbeat_s == 0.5
    claimed = last_beat(db, run_id)
    with heartbeat(ctx, run_id, "stranger:1:task-9"):
        time.sleep(0.8)
    assert last_beat(db, run_id) == claimed
    with heartbeat(ctx, run_id, plan.token):
        time.sleep(0.8)
    assert last_beat(db, run_id) > claimed
    ctx.dispose()
