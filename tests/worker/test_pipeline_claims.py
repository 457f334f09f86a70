"""The pipeline's safety rules in-process on SQLite: one owner per run, a run taken over
only when its owner is gone, each component solved once, the merge only when all are.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from market.models import ComponentStatus, Proposal, RunComponent, RunStatus, utcnow
from tests.worker.inline import count, reloaded, run_inline
from worker import pipeline
from worker.context import WorkerContext


def test_running_a_run_again_changes_nothing(ctx: WorkerContext, db: Session, run_id: int) -> None:
    assert run_inline(ctx, run_id, "task-1") == "solved"
    first = [p.id for p in reloaded(db, run_id).proposals]
    assert run_inline(ctx, run_id, "task-1") is None  # redelivered after it finished
    assert run_inline(ctx, run_id, "task-2") is None  # a duplicate message
    assert [p.id for p in reloaded(db, run_id).proposals] == first
    assert reloaded(db, run_id).attempts == 1


def test_a_second_worker_cannot_claim_a_live_run(
    ctx: WorkerContext, db: Session, run_id: int
) -> None:
    plan = pipeline.claim_and_prepare(ctx, run_id, "task-1")
    assert plan is not None and plan.pending == (0,)
    assert pipeline.claim_and_prepare(ctx, run_id, "task-2") is None
    assert pipeline.finish_run(ctx, run_id, "someone-else") == pipeline.NOT_OWNER
    pipeline.solve_stored_component(ctx, run_id, 0, plan.token)
    assert pipeline.finish_run(ctx, run_id, plan.token) == "solved"
    assert count(db, Proposal, run_id) == 1


def test_a_redelivered_task_does_not_take_a_live_run_over(
    ctx: WorkerContext, db: Session, run_id: int
) -> None:
    """Issue 14: Redis redelivered the message (same task id) to another process while the
    first still beat, and the same task id overrode the fresh heartbeat."""
    plan = pipeline.claim_and_prepare(ctx, run_id, "task-1")
    assert plan is not None
    run = reloaded(db, run_id)
    run.claimed_by = "other-host:1:task-1"  # the live first delivery, in another process
    db.commit()
    assert pipeline.claim_and_prepare(ctx, run_id, "task-1") is None
    assert reloaded(db, run_id).claimed_by == "other-host:1:task-1"
    assert reloaded(db, run_id).attempts == 1


def test_a_celery_retry_takes_over_its_earlier_try_at_once(
    ctx: WorkerContext, db: Session, run_id: int
) -> None:
    """A retry is sent only when the earlier try has ended, so its claim is free at once."""
    assert pipeline.claim_and_prepare(ctx, run_id, "task-1") is not None
    run = reloaded(db, run_id)
    run.claimed_by = "other-host:1:task-1"  # the first try ran in another process
    db.commit()
    retry = pipeline.claim_and_prepare(ctx, run_id, "task-1", retries=1)
    assert retry is not None and retry.token.endswith(":task-1#1")
    assert pipeline.claim_and_prepare(ctx, run_id, "task-1", retries=1) is None  # redelivered
    assert reloaded(db, run_id).attempts == 1


def test_an_old_owner_cannot_write_after_a_takeover(
    ctx: WorkerContext, db: Session, run_id: int
) -> None:
    """The killed worker's run goes stale; a new message (the sweeper's) takes it over."""
    old = pipeline.claim_and_prepare(ctx, run_id, "task-1")
    assert old is not None
    run = reloaded(db, run_id)
    run.claimed_by = "other-host:1:task-1"  # as if claimed by a process now dead
    run.heartbeat_at = utcnow() - timedelta(seconds=ctx.settings.stuck_run_after_s + 1)
    db.commit()
    assert pipeline.claim_and_prepare(ctx, run_id, "task-2") is not None  # taken over
    pipeline.solve_stored_component(ctx, run_id, 0)
    assert pipeline.finish_run(ctx, run_id, "other-host:1:task-1") == pipeline.NOT_OWNER
    new_token = ctx.token("task-2")
    assert pipeline.finish_run(ctx, run_id, new_token) == "solved"
    assert reloaded(db, run_id).attempts == 2
    assert count(db, Proposal, run_id) == 1


def test_the_merge_waits_for_every_component(ctx: WorkerContext, db: Session, run_id: int) -> None:
    plan = pipeline.claim_and_prepare(ctx, run_id, "task-1")
    assert plan is not None
    assert pipeline.finish_run(ctx, run_id, plan.token) == pipeline.WAITING
    assert reloaded(db, run_id).status is RunStatus.RUNNING


def test_a_solved_component_is_not_solved_again(
    ctx: WorkerContext, db: Session, run_id: int
) -> None:
    plan = pipeline.claim_and_prepare(ctx, run_id, "task-1")
    assert plan is not None
    assert pipeline.solve_stored_component(ctx, run_id, 0, plan.token)
    assert not pipeline.solve_stored_component(ctx, run_id, 0, plan.token)
    assert reloaded(db, run_id).components_done == 1
    component = db.scalars(select(RunComponent).where(RunComponent.run_id == run_id)).one()
    assert component.status is ComponentStatus.SOLVED and component.solution


def test_a_run_that_keeps_losing_its_worker_is_given_up(
    ctx: WorkerContext, db: Session, run_id: int
) -> None:
    for attempt in range(1, pipeline.MAX_ATTEMPTS + 1):
        assert pipeline.claim_and_prepare(ctx, run_id, f"task-{attempt}") is not None
        run = reloaded(db, run_id)
        run.heartbeat_at = None  # its worker died without a trace
        db.commit()
    assert pipeline.claim_and_prepare(ctx, run_id, "task-last") is None
    run = reloaded(db, run_id)
    assert run.status is RunStatus.FAILED and "attempts" in (run.error_text or "")
