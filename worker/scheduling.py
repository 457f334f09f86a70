"""What Celery beat triggers: the sweepers for stuck runs and for due mail, and the optional
nightly runs.

The sweeper is what makes the embedded broker (which loses the message of a killed worker)
and a Redis outage while the web app enqueued survivable: the run row says queued or
running, nobody has shown a sign of life for `stuck_run_after_s`, so it is queued again and
a new message is sent. A duplicate message is harmless (see `worker.claims`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Celery

from market.core.broker import commit_then_enqueue
from market.core.mail import due_messages
from market.core.schemas import parse
from market.runs.schemas import RunScope
from market.runs.services.runs import create_run, has_active_run
from worker import claims
from worker.context import WorkerContext

log = logging.getLogger(__name__)


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


def sweep_outbox(ctx: WorkerContext, enqueue: Callable[[int], object]) -> list[int]:
    """Send a task for each outbox row whose next try is due; returns their ids.

    This is what delivers a mail whose task was never sent (broker down at the commit, web
    process killed right after it) or was lost with a killed worker, and what retries a
    failed try once its back-off has passed. A duplicate task finds the row claimed or sent.
    """
    with ctx.session() as session:
        due = due_messages(session)
    for message_id in due:
        enqueue(message_id)
    if due:
        log.info("outbox: %d mail(s) due, sent to the workers", len(due))
    return due


def start_scheduled_run(ctx: WorkerContext, producer: Celery, region: str) -> int | None:
    """A nightly run for `region`, committed then enqueued; its id, or None if one is active.

    Made by `create_run` and sent by `commit_then_enqueue`, as a coordinator's run is: the same
    scope checks (a region that is no province raises `ValidationError`, failing the task with
    the field's message), the policy's numbers of the day, and a broker outage leaves it queued
    for the sweeper. No coordinator limit applies: beat sends one per region a night.
    """
    scope = parse(RunScope, {"region": region})
    with ctx.session() as session:
        if has_active_run(session, region):
            log.info("a run for %s is still active; no scheduled run", region)
            return None
        run = create_run(session, ctx.settings, scope, created_by_id=None)
        commit_then_enqueue(producer, run.id, session.commit)
        return run.id
