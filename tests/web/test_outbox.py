"""Mail through the outbox: a mail server that is down fails no request, nothing is lost.

The mail server is a real one (aiosmtpd on 127.0.0.1) started on a port that was closed
while the request ran; the worker's part (`market.core.mail.deliver`, the outbox sweeper)
runs in this process on the app's database and its embedded (filesystem) broker.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from config import Settings
from market.core.mail import deliver, due_messages, queue_mail, retry_delay_s
from market.models import Farm, OutboxMessage, utcnow
from tests.conftest import load, log_in, post_form, state
from tests.integration.processes import free_port
from tests.smtp_sink import smtp_sink
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run
from tests.web.test_approvals import set_skal
from worker import scheduling
from worker.context import WorkerContext

PORT = free_port()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The mail server is 127.0.0.1:PORT, closed unless a test opens it; retries due at once."""
    return dataclasses.replace(settings, mail_host="127.0.0.1", mail_port=PORT, mail_retry_s=0.0)


def outbox(app: Flask) -> list[OutboxMessage]:
    with state(app).session_factory() as session:
        rows = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        session.expunge_all()
        return rows


def deliver_all(app: Flask) -> list[str]:
    with state(app).session_factory() as session:
        ids = [row.id for row in outbox(app)]
        return [deliver(session, state(app).settings, message_id) for message_id in ids]


def queued_tasks(app: Flask) -> list[tuple[str, str]]:
    """(task name, its arguments) of each message the app left in its embedded broker."""
    folder = Path(str(state(app).settings.broker_transport_options["data_folder_in"]))
    headers = [json.loads(path.read_text())["headers"] for path in sorted(folder.glob("*.msg"))]
    return [(header["task"], header["argsrepr"]) for header in headers]


def test_approving_with_the_mail_server_down_answers_as_usual_and_mails_later(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.coordinator_email)
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    response = post_form(client, page, {}, f"/review/proposals/{proposal_id}/approve")
    assert (response.status_code, response.headers["Location"]) == (302, f"{page}#p{proposal_id}")
    rows = outbox(app)
    farmers = {marketplace.livestock_email, marketplace.arable_email}
    assert {row.recipient for row in rows} == farmers
    assert sorted(queued_tasks(app)) == [("mestmatch.send_mail", f"[{row.id}]") for row in rows]
    assert deliver_all(app) == ["retry", "retry"]
    rows = outbox(app)
    assert all(row.sent_at is None and row.attempts == 1 for row in rows)
    assert all("Connection refused" in (row.last_error or "") for row in rows)
    with smtp_sink(PORT) as inbox:
        assert deliver_all(app) == ["sent", "sent"]
        assert deliver_all(app) == ["skipped", "skipped"]  # never twice
    assert sorted(mail["To"] for mail in inbox.messages) == sorted(row.recipient for row in rows)
    assert {mail["Subject"] for mail in inbox.messages} == {"Een mestmatch-voorstel voor u"}
    assert {row.language for row in rows} == {"nl"}
    assert {mail["Content-Language"] for mail in inbox.messages} == {"nl"}
    assert all(row.sent_at is not None and row.attempts == 2 for row in outbox(app))


def test_approving_a_farm_with_the_mail_server_down_answers_as_usual(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    hoeve = set_skal(app, marketplace.livestock_farm, "012345")
    log_in(client, marketplace.coordinator_email)
    response = post_form(client, "/farms", {}, f"/farms/{hoeve}/approve")
    assert (response.status_code, response.headers["Location"]) == (302, "/farms")
    assert load(app, Farm, hoeve).approved
    assert deliver_all(app) == ["retry"]
    with smtp_sink(PORT) as inbox:
        assert deliver_all(app) == ["sent"]
    assert [mail["Subject"] for mail in inbox.messages] == ["Uw bedrijf is goedgekeurd"]


def test_a_refused_change_queues_no_mail(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.coordinator_email)
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    post_form(client, page, {}, f"/review/proposals/{proposal_id}/reject")
    again = post_form(client, page, {}, f"/review/proposals/{proposal_id}/approve")
    assert again.status_code == 302
    assert outbox(app) == [] and queued_tasks(app) == []


def test_a_rolled_back_session_sends_no_task(app: Flask, marketplace: Market) -> None:
    with state(app).session_factory() as session:
        queue_mail(session, state(app).settings, marketplace.arable_email, "Onderwerp", "Tekst")
        session.rollback()
        queue_mail(session, state(app).settings, marketplace.arable_email, "Onderwerp", "Tekst")
        session.commit()
    (row,) = outbox(app)
    assert queued_tasks(app) == [("mestmatch.send_mail", f"[{row.id}]")]


def test_a_mail_whose_task_was_lost_is_sent_by_the_sweeper(
    app: Flask, settings: Settings, marketplace: Market, caplog: pytest.LogCaptureFixture
) -> None:
    """The broker refused the task (its folder is gone: a crash between commit and enqueue
    looks the same); the row is due `mail_retry_s` after the commit, and the sweep sends it."""
    folder = Path(str(settings.broker_transport_options["data_folder_in"]))
    folder.rename(folder.with_name("gone"))
    caplog.set_level(logging.WARNING, logger="market.core.mail")
    with state(app).session_factory() as session:
        queue_mail(session, settings, marketplace.arable_email, "Onderwerp", "Tekst")
        session.commit()
    assert "stay queued: the broker did not take them" in caplog.text
    sent: list[int] = []
    ctx = WorkerContext(settings)
    try:
        swept = scheduling.sweep_outbox(ctx, sent.append)
    finally:
        ctx.session_factory().kw["bind"].dispose()
    assert swept == sent == [row.id for row in outbox(app)]
    with smtp_sink(PORT) as inbox:
        assert deliver_all(app) == ["sent"]
    assert [mail["To"] for mail in inbox.messages] == [marketplace.arable_email]


def test_failed_tries_back_off_and_end_as_failed(
    app: Flask, marketplace: Market, caplog: pytest.LogCaptureFixture
) -> None:
    settings = dataclasses.replace(state(app).settings, mail_retry_s=60.0, mail_max_attempts=3)
    with state(app).session_factory() as session:
        row = queue_mail(session, settings, marketplace.arable_email, "Onderwerp", "Tekst")
        session.commit()
        message_id = row.id
        assert due_messages(session) == []  # its own task sends it; the sweep waits a while
        assert due_messages(session, utcnow() + timedelta(seconds=61)) == [message_id]
        assert deliver(session, settings, message_id) == "retry"
        assert deliver(session, settings, message_id) == "skipped"  # not due for a minute
        wait = session.get_one(OutboxMessage, message_id).next_attempt_at - utcnow()
        assert timedelta(seconds=55) < wait <= timedelta(seconds=60)
        caplog.set_level(logging.ERROR, logger="market.core.mail")
        for result in ("retry", "failed"):
            session.execute(
                OutboxMessage.__table__.update().values(next_attempt_at=utcnow())  # time passes
            )
            session.commit()
            assert deliver(session, settings, message_id) == result
        failed = session.get_one(OutboxMessage, message_id)
        session.refresh(failed)
        assert (failed.attempts, failed.sent_at is None, failed.failed_at is not None) == (
            3,
            True,
            True,
        )
        assert due_messages(session, utcnow() + timedelta(days=1)) == []
    assert f"mail {message_id} failed after 3 tries" in caplog.text
    assert [retry_delay_s(settings, n) for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]
