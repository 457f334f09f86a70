"""The Celery app, built from settings: the same code on a laptop and on fifty machines.

Embedded default (no REDIS_URL): kombu's filesystem transport and a file result backend
under `instance/`, no server at all. With REDIS_URL: Redis for both, and Redis redelivers
the message of a killed worker after `visibility_timeout`, which is kept above the longest
task so a live task is never delivered twice. Either way the run row is the source of truth
and the beat sweeper re-enqueues runs nobody is working on (see docs/worker.md).
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.schedules import crontab
from kombu import Queue

from config import Settings, tasks
from worker.context import WorkerContext
from worker.tasks import register_tasks

RESULT_EXPIRES_S = 24 * 3600
SOFT_LIMIT_MARGIN_S = 60.0
SWEEP_EVERY_MAX_S = 60.0
SWEEP_EVERY_MIN_S = 1.0
SCHEDULED_RUN_AT = {"hour": 2, "minute": 0}  # nightly on the farms' clock, when nobody waits
CONTEXT_ATTRIBUTE = "mestmatch_context"
PUBLISH_RETRY = {"max_retries": 5, "interval_start": 0.5, "interval_step": 1, "interval_max": 5}


def make_celery(settings: Settings) -> Celery:
    """A worker app for `settings`, with the tasks of `config.tasks` registered."""
    app = Celery("mestmatch", set_as_current=False)
    app.conf.update(celery_config(settings))
    context = WorkerContext(settings)
    register_tasks(app, context)
    setattr(app, CONTEXT_ATTRIBUTE, context)  # Celery has no slot for it; tests read it back
    return app


def context_of(app: Celery) -> WorkerContext:
    """The context `make_celery` gave the app's tasks (tests dispose its engine).

    Raises TypeError for an app that `make_celery` did not build.
    """
    context = getattr(app, CONTEXT_ATTRIBUTE, None)
    if not isinstance(context, WorkerContext):
        raise TypeError("not an app built by worker.app.make_celery")
    return context


def celery_config(settings: Settings) -> dict[str, Any]:
    """JSON only, late acks, one task at a time per process, limits above the solver's."""
    return {
        "broker_url": settings.broker_url,
        "broker_transport_options": transport_options(settings),
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,
        "result_backend": result_backend(settings),
        "result_expires": RESULT_EXPIRES_S,
        "task_ignore_result": True,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        # A broker blip must not kill a long solve: it finishes and writes; if its ack is lost
        # the redelivered message finds the run solved and is skipped.
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "task_time_limit": settings.task_time_limit_s,
        "task_soft_time_limit": settings.task_time_limit_s - SOFT_LIMIT_MARGIN_S,
        "task_default_queue": tasks.QUEUE_RUNS,
        "task_queues": [Queue(name) for name in tasks.QUEUES],
        "task_routes": {tasks.SEND_MAIL: {"queue": tasks.QUEUE_MAIL}},
        "task_publish_retry": True,
        "task_publish_retry_policy": PUBLISH_RETRY,
        # Messages in UTC; crontab entries (the nightly run) on the farms' clock.
        "timezone": settings.timezone,
        "enable_utc": True,
        "beat_schedule": beat_schedule(settings),
        "beat_schedule_filename": str(settings.instance_dir / "celerybeat-schedule"),
    }


def transport_options(settings: Settings) -> dict[str, Any]:
    """Redis: a visibility timeout above the longest task, and sweeps often enough for it."""
    options = dict(settings.broker_transport_options)
    if settings.embedded_broker:
        return options
    visibility = float(str(options.get("visibility_timeout", settings.visibility_timeout_s)))
    options["visibility_timeout"] = visibility
    options.setdefault("unacked_restore_interval", max(1, min(10, int(visibility / 4))))
    options.setdefault("unacked_restore_throttle", 1)
    return options


def result_backend(settings: Settings) -> str:
    """Only chords need results (the run row is what the UI reads): Redis, or files."""
    if settings.redis_url:
        return settings.redis_url
    folder = settings.instance_dir / "results"
    folder.mkdir(parents=True, exist_ok=True)
    return f"file://{folder}"


def outbox_sweep_every(settings: Settings) -> float:
    """How often beat looks for due mail (s): at the pace of the retries, at most a minute."""
    return max(SWEEP_EVERY_MIN_S, min(SWEEP_EVERY_MAX_S, settings.mail_retry_s))


def beat_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """The sweepers always; a nightly run per region in MESTMATCH_SCHEDULED_REGIONS (none)."""
    every = max(SWEEP_EVERY_MIN_S, min(SWEEP_EVERY_MAX_S, settings.stuck_run_after_s / 2))
    schedule: dict[str, dict[str, Any]] = {
        "sweep-stuck-runs": {"task": tasks.SWEEP_STUCK_RUNS, "schedule": every},
        "sweep-outbox": {"task": tasks.SWEEP_OUTBOX, "schedule": outbox_sweep_every(settings)},
    }
    for region in settings.scheduled_regions:
        schedule[f"scheduled-run-{region}"] = {
            "task": tasks.SCHEDULED_RUN,
            "schedule": crontab(**SCHEDULED_RUN_AT),
            "args": [region],
        }
    return schedule
