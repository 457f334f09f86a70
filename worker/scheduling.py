"""What Celery beat triggers: the sweeper for stuck runs, and the optional nightly runs.

The sweeper is what makes the embedded broker (which loses the message of a killed worker)
and a Redis outage while the web app enqueued survivable: the run row says queued or
running, nobody has shown a sign of life for `stuck_run_after_s`, so it is queued again and
a new message is sent. A duplicate message is harmless (see `worker.claims`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select

from market.models import MatchRun, RunStatus
from worker import claims
from worker.context import WorkerContext

log = logging.getLogger(__name__)
ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


def sweep(ctx: WorkerContext, enqueue: Callable[[int], object]) -> list[int]:
    """Re-queue stuck runs and send a message for each; returns their ids."""
    stale_after = ctx.settings.stuck_run_after_s
    with ctx.session() as session:
        requeued = [
            run_id
            for run_id in claims.stuck_runs(session, stale_after)
            if claims.requeue(session, run_id, stale_after)
        ]
        session.commit()
    for run_id in requeued:
        log.warning("run %d had no sign of life for %.0f s; enqueued again", run_id, stale_after)
        enqueue(run_id)
    return requeued


def create_scheduled_run(ctx: WorkerContext, region: str) -> int | None:
    """A queued run for `region` with the policy's numbers, unless one is already active."""
    settings = ctx.settings
    with ctx.session() as session:
        active = session.scalars(select(MatchRun.scope).where(MatchRun.status.in_(ACTIVE))).all()
        if any(scope.get("region") == region for scope in active):
            log.info("a run for %s is still active; no scheduled run", region)
            return None
        run = MatchRun(
            scope={"region": region, "from": None, "until": None},
            params=dict(settings.policy),
            solver=settings.solver,
            gap=settings.solver_gap,
            time_limit_s=None,
        )
        session.add(run)
        session.commit()
        return run.id
