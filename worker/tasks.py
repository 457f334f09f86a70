"""Thin tasks taking ids; the work is in `worker.pipeline`, `worker.scheduling` and, for the
outbox's mail, `market.core.mail.deliver`.

Names come from `config.tasks`, so the web app can enqueue by name without importing this
package. Database and broker hiccups are retried with exponential backoff (the claim lets
the retry continue where it stopped); anything else fails the run with its error text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import Celery, Task, chord, group
from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.exc import InterfaceError, OperationalError

from config import tasks
from market.core import mail
from market.core.broker import enqueue_mail, enqueue_run
from worker import claims, pipeline, scheduling, writing
from worker.context import WorkerContext

log = logging.getLogger(__name__)
RETRYABLE = (OperationalError, InterfaceError, BrokerError, ConnectionError)
# shared=False: each app (a test may build several) keeps the tasks bound to its own context.
RETRY: dict[str, Any] = {
    "shared": False,
    "autoretry_for": RETRYABLE,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}
MERGE_WAIT_S = 5
MERGE_WAIT_RETRIES = 120
CHORD_POLL_S = 1.0


def register_tasks(app: Celery, ctx: WorkerContext) -> None:
    """Define the tasks on `app`; each closes over the worker context `ctx`."""

    @app.task(name=tasks.SOLVE_COMPONENT, bind=True, ignore_result=False, **RETRY)
    def component_task(self: Task, run_id: int, index: int) -> bool:
        return pipeline.solve_stored_component(ctx, run_id, index)

    @app.task(name=tasks.MERGE_COMPONENTS, bind=True, **RETRY)
    def merge_components(self: Task, run_id: int, token: str) -> str:
        outcome = guarded(ctx, run_id, token, lambda: pipeline.finish_run(ctx, run_id, token))
        if outcome == pipeline.WAITING:
            raise self.retry(countdown=MERGE_WAIT_S, max_retries=MERGE_WAIT_RETRIES)
        return outcome

    @app.task(name=tasks.RUN_MATCHING, bind=True, **RETRY)
    def run_matching(self: Task, run_id: int) -> str:
        task_id, retries = str(self.request.id), int(self.request.retries or 0)
        token = ctx.token(task_id, retries)
        return guarded(ctx, run_id, token, lambda: claim_and_solve(run_id, task_id, retries))

    def claim_and_solve(run_id: int, task_id: str, retries: int) -> str:
        plan = pipeline.claim_and_prepare(ctx, run_id, task_id, retries)
        if plan is None:
            return "skipped"
        if not plan.fan_out:
            for index in plan.pending:
                pipeline.solve_stored_component(ctx, run_id, index, plan.token)
        elif plan.pending:
            header = group(component_task.si(run_id, index) for index in plan.pending)
            chord(header, merge_components.si(run_id, plan.token)).apply_async(
                interval=CHORD_POLL_S, max_retries=chord_polls(ctx)
            )
            return f"fanned out {len(plan.pending)} of {plan.total} components"
        return pipeline.finish_run(ctx, run_id, plan.token)

    @app.task(name=tasks.SWEEP_STUCK_RUNS, **RETRY)
    def sweep_stuck_runs() -> list[int]:
        return scheduling.sweep(ctx, lambda run_id: enqueue_run(app, run_id))

    @app.task(name=tasks.SEND_MAIL, acks_late=True, **RETRY)
    def send_mail(message_id: int) -> str:
        """Send outbox row `message_id`; a duplicate finds it sent or claimed and skips."""
        with ctx.session() as session:
            return mail.deliver(session, ctx.settings, message_id)

    @app.task(name=tasks.SWEEP_OUTBOX, **RETRY)
    def sweep_outbox() -> list[int]:
        return scheduling.sweep_outbox(ctx, lambda message_id: enqueue_mail(app, message_id))

    @app.task(name=tasks.SCHEDULED_RUN, **RETRY)
    def scheduled_run(region: str) -> int | None:
        return scheduling.start_scheduled_run(ctx, app, region)


def chord_polls(ctx: WorkerContext) -> int:
    """How often the embedded backend's `celery.chord_unlock` looks (once a second) before it
    gives up: a component message lost with a killed worker would keep it polling forever,
    and the sweeper dispatches a new chord anyway. Redis chords need no polling."""
    settings = ctx.settings
    return int((settings.task_time_limit_s + settings.stuck_run_after_s) / CHORD_POLL_S)


def guarded(ctx: WorkerContext, run_id: int, token: str, step: Callable[[], str]) -> str:
    """Run a step; retry on outages, fail the run (not the worker) on anything else."""
    try:
        return step()
    except RETRYABLE:
        raise
    except Exception as exc:
        log.exception("run %d: unexpected error", run_id)
        with ctx.session() as session:
            claims.fail(session, run_id, token, writing.error_text(exc))
        return "failed"
