"""The web app's side of the task queue: a producer-only Celery app, and a reachability check.

The web app enqueues by task *name* (`config.tasks`) so it never imports `worker`: the
worker may live on another machine with the solver installed, the web app needs neither.
The run row in the database is the source of truth; a message only says "look at run 42".
So a run is committed before its message is sent (`commit_then_enqueue`, the one way page, API
and scheduler send a new run), and a broker that does not answer loses nothing: the run stays
queued and the worker's sweeper sends it again later.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import redis
from celery import Celery
from kombu.exceptions import OperationalError

from config import Settings, tasks

log = logging.getLogger(__name__)
BROKER_TIMEOUT_S = 2.0
Committed = TypeVar("Committed")


def make_producer(settings: Settings) -> Celery:
    """A Celery app that only sends: same broker and serialiser as the worker, no tasks."""
    producer = Celery("mestmatch-web", set_as_current=False)
    producer.conf.update(
        broker_url=settings.broker_url,
        broker_transport_options=dict(settings.broker_transport_options),
        broker_connection_retry_on_startup=False,
        broker_connection_timeout=BROKER_TIMEOUT_S,
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=tasks.QUEUE_RUNS,
    )
    return producer


def enqueue_run(producer: Celery, run_id: int) -> str:
    """Ask a worker to solve run `run_id` (commit the run row first); returns the task id."""
    result = producer.send_task(tasks.RUN_MATCHING, args=[run_id], queue=tasks.QUEUE_RUNS)
    return str(result.id)


def enqueue_mail(producer: Celery, message_id: int) -> str:
    """Ask a worker to send outbox message `message_id` (commit its row first); the task id."""
    result = producer.send_task(tasks.SEND_MAIL, args=[message_id], queue=tasks.QUEUE_MAIL)
    return str(result.id)


def commit_then_enqueue(
    producer: Celery, run_id: int, commit: Callable[[], Committed]
) -> tuple[Committed, bool]:
    """Call `commit` (it stores run `run_id`), then enqueue the run; (commit's result, sent).

    `sent` is False when the broker did not take the message (down, unreachable, a full disk
    under the embedded broker): logged here, the run stays queued and the sweeper sends it
    within `stuck_run_after_s`. Errors of `commit` itself propagate and nothing is sent.
    """
    committed = commit()
    try:
        enqueue_run(producer, run_id)
    except (OperationalError, OSError) as exc:
        log.warning("run %d stays queued: the broker did not take it (%s)", run_id, exc)
        return committed, False
    return committed, True


def broker_folders(settings: Settings) -> list[Path]:
    """The folders the embedded (filesystem) broker reads and writes; none for Redis."""
    if not settings.embedded_broker:
        return []
    options = settings.broker_transport_options
    keys = ("data_folder_in", "data_folder_out", "control_folder")
    return sorted({Path(str(options[key])) for key in keys if key in options})


def ensure_broker_folders(settings: Settings) -> None:
    """Create the embedded broker's folders (kombu does not create the message folders)."""
    for folder in broker_folders(settings):
        folder.mkdir(parents=True, exist_ok=True)


def broker_problem(settings: Settings) -> str | None:
    """None when a message could be sent now, else a short English reason for the logs."""
    if settings.embedded_broker:
        return _folders_problem(broker_folders(settings))
    try:
        client = redis.Redis.from_url(
            settings.broker_url,
            socket_connect_timeout=BROKER_TIMEOUT_S,
            socket_timeout=BROKER_TIMEOUT_S,
        )
        with client:
            client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"redis did not answer: {exc}"
    return None


def _folders_problem(folders: list[Path]) -> str | None:
    for folder in folders:
        if not folder.is_dir():
            return f"broker folder {folder} is missing"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"broker folder {folder} is not writable"
    return None
