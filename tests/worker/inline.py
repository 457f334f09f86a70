"""A run as the `run_matching` task runs it, in-process, and what the tests read back.

Shared by the pipeline's tests (`test_pipeline.py`, `test_pipeline_claims.py`) and the tests
elsewhere that need a run solved the worker's way.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.models import MatchRun, Proposal, RunExplanation
from worker import pipeline
from worker.context import WorkerContext


def run_inline(ctx: WorkerContext, run_id: int, task_id: str = "task-1") -> str | None:
    """What the run_matching task does for a one-component run."""
    plan = pipeline.claim_and_prepare(ctx, run_id, task_id)
    if plan is None:
        return None
    for index in plan.pending:
        pipeline.solve_stored_component(ctx, run_id, index, plan.token)
    return pipeline.finish_run(ctx, run_id, plan.token)


def reloaded(db: Session, run_id: int) -> MatchRun:
    db.expire_all()
    return db.get_one(MatchRun, run_id)


def count(db: Session, model: type[Proposal] | type[RunExplanation], run_id: int) -> int:
    return db.scalar(select(func.count()).select_from(model).where(model.run_id == run_id)) or 0
