"""Mail through the outbox with real `celery worker` and `celery beat` processes.

The embedded default (SQLite and kombu's filesystem broker) and a real SMTP server
(aiosmtpd on 127.0.0.1): a queued mail is sent by the worker exactly once, however many
tasks ask for it; a mail whose task never left (the web process died between its commit and
the enqueue) and whose server was down at first is still sent, by beat's outbox sweeper.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.broker import enqueue_mail, ensure_broker_folders, make_producer
from market.core.db import engine_for_url, make_session_factory
from market.core.mail import queue_mail, send_after_commit
from market.models import OutboxMessage
from tests.integration.processes import Process, free_port, start_beat, wait_until
from tests.integration.runs import worker_env
from tests.smtp_sink import smtp_sink

pytestmark = pytest.mark.integration
TIMEOUT_S = 60.0


@dataclass
class Install:
    """An embedded install whose mail server is 127.0.0.1:`port`; retries due after 1 s."""

    env: dict[str, str]
    settings: Settings
    port: int
    sessions: sessionmaker[Session]
    producer: Celery

    def queue(self, sessions: sessionmaker[Session]) -> int:
        with sessions() as session:
            row = queue_mail(session, self.settings, "boer@example.nl", "Onderwerp", "Tekst")
            session.commit()
            return row.id

    def row(self, message_id: int) -> OutboxMessage:
        with self.sessions() as session:
            row = session.get_one(OutboxMessage, message_id)
            session.expunge(row)
            return row


@pytest.fixture
def install(tmp_path: Path, migrated_sqlite: Path) -> Iterator[Install]:
    port = free_port()
    env = worker_env(
        tmp_path, MAIL_HOST="127.0.0.1", MAIL_PORT=str(port), MESTMATCH_MAIL_RETRY_S="1"
    )
    settings = Settings.from_env(env)
    shutil.copyfile(migrated_sqlite, settings.instance_dir / "mestmatch.sqlite3")
    ensure_broker_folders(settings)
    engine = engine_for_url(settings.database_url)
    producer = make_producer(settings)
    yield Install(env, settings, port, make_session_factory(engine), producer)
    producer.close()
    engine.dispose()


def test_a_worker_sends_a_queued_mail_exactly_once(
    install: Install, workers: Callable[..., Process]
) -> None:
    """The task sent after the commit, plus a duplicate: one message reaches the server."""
    web_sessions = make_session_factory(engine_for_url(install.settings.database_url))
    send_after_commit(web_sessions, install.producer)  # as `create_app` wires it
    with smtp_sink(install.port) as inbox:
        message_id = install.queue(web_sessions)
        enqueue_mail(install.producer, message_id)  # the same mail asked for twice
        worker = workers(install.env)
        wait_until(lambda: install.row(message_id).sent_at is not None, TIMEOUT_S, "sent")
        wait_until(lambda: "'skipped'" in worker.text(), TIMEOUT_S, "the duplicate skipped")
    web_sessions.kw["bind"].dispose()
    assert [(mail["To"], mail["Subject"]) for mail in inbox.messages] == [
        ("boer@example.nl", "Onderwerp")
    ]
    assert install.row(message_id).attempts == 1


def test_the_sweeper_sends_a_mail_whose_task_was_lost_once_the_server_is_up(
    tmp_path: Path, install: Install, workers: Callable[..., Process]
) -> None:
    message_id = install.queue(install.sessions)  # committed, no task: as if the web died
    workers(install.env)
    beat = start_beat(install.env, tmp_path / "beat.log")
    try:
        # A try counts when it is claimed, before it talks to the server: wait for its error.
        wait_until(
            lambda: "Connection refused" in (install.row(message_id).last_error or ""),
            TIMEOUT_S,
            "a failed try",
        )
        assert install.row(message_id).sent_at is None
        with smtp_sink(install.port) as inbox:
            wait_until(lambda: install.row(message_id).sent_at is not None, TIMEOUT_S, "sent")
    finally:
        beat.stop()
    assert [mail["To"] for mail in inbox.messages] == ["boer@example.nl"]
    assert install.row(message_id).last_error is None
