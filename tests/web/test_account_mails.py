"""Reset and sign-up answer alike for known and unknown addresses, and are rate-limited."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from config import Settings
from market.models import OutboxMessage
from tests.conftest import csrf_token, post_form, running_app, settings_for, state
from tests.web.conftest import Market
from tests.web.market_helpers import mails
from tests.web.test_signup import FORM

TOKEN = re.compile(r'name="csrf_token"[^>]*value="[^"]*"')
UNKNOWN = "niemand@example.nl"
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def answer(client: FlaskClient, response: TestResponse) -> tuple[int, str | None, str]:
    """Status, redirect and the page the browser lands on (its CSRF token blanked out)."""
    landing = client.get(response.headers["Location"]) if response.status_code == 302 else response
    page = TOKEN.sub("", landing.get_data(as_text=True))
    return response.status_code, response.headers.get("Location"), page


def test_a_reset_request_answers_alike_for_known_and_unknown_addresses(
    app: Flask, marketplace: Market
) -> None:
    known = app.test_client()
    unknown = app.test_client()
    sent = post_form(known, "/password/forgot", {"email": marketplace.arable_email})
    not_sent = post_form(unknown, "/password/forgot", {"email": UNKNOWN})
    assert answer(known, sent) == answer(unknown, not_sent)
    assert sent.status_code == 302
    assert [mail["To"] for mail in mails(app)] == [marketplace.arable_email]


def test_a_sign_up_answers_alike_for_known_and_unknown_addresses(
    app: Flask, marketplace: Market
) -> None:
    known, unknown = app.test_client(), app.test_client()
    taken = post_form(known, "/signup", {**FORM, "email": marketplace.arable_email})
    new = post_form(unknown, "/signup", {**FORM, "skal_number": "0123456"})
    assert answer(known, taken) == answer(unknown, new)
    assert taken.status_code == 302
    sent = {mail["To"]: mail for mail in mails(app)}
    assert set(sent) == {marketplace.arable_email, "nieuw@example.nl"}
    assert sent[marketplace.arable_email]["Subject"] == "Aanmelden bij mestmatch"
    assert "/password/forgot" in sent[marketplace.arable_email].get_payload(decode=True).decode()
    assert "/signup/confirm/" in sent["nieuw@example.nl"].get_payload(decode=True).decode()


def _post(client: FlaskClient, page: str, data: dict[str, Any]) -> int:
    token = csrf_token(client.get(page))
    return client.post(page, data={"csrf_token": token, **data}).status_code


def test_reset_requests_are_limited_per_address_known_or_not(
    app: Flask, marketplace: Market
) -> None:
    for email in (marketplace.arable_email, UNKNOWN):
        client = app.test_client()
        statuses = [_post(client, "/password/forgot", {"email": email}) for _ in range(4)]
        assert statuses == [302, 302, 302, 429]
    assert len(mails(app)) == 3


def test_sign_ups_and_resets_are_limited_per_client(app: Flask) -> None:
    client = app.test_client()
    statuses = [
        _post(client, "/password/forgot", {"email": f"boer{n}@example.nl"}) for n in range(10)
    ]
    assert set(statuses) == {302}
    assert _post(client, "/signup", {**FORM, "email": "nog.een@example.nl"}) == 429


def test_with_redis_down_the_limit_still_holds_and_the_mail_stays_queued(
    tmp_path: Path, settings: Settings, marketplace: Market
) -> None:
    """Limits fall back to this process's memory; the broker (the same Redis) refuses the
    task, so the answer is unchanged and the row waits in the outbox for the sweeper."""
    dead = settings_for(
        tmp_path / "redis-down", DATABASE_URL=settings.database_url, REDIS_URL=DEAD_REDIS
    )
    with running_app(dead) as app:
        client = app.test_client()
        statuses = [
            _post(client, "/password/forgot", {"email": marketplace.arable_email}) for _ in range(4)
        ]
        assert statuses == [302, 302, 302, 429]
        with state(app).session_factory() as session:
            unsent = session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
            assert [row.recipient for row in unsent] == [marketplace.arable_email] * 3
