"""Log-in is rate limited: after five failures the form refuses even the right password."""

from __future__ import annotations

from types import SimpleNamespace

import limits.storage.memory
import pytest
from flask.testing import FlaskClient

from tests.conftest import log_in, log_out
from tests.web.conftest import Market


def test_five_failures_block_the_account_even_with_the_right_password(
    client: FlaskClient, marketplace: Market
) -> None:
    for _ in range(5):
        assert log_in(client, marketplace.arable_email, "wrong").status_code == 401
    blocked = log_in(client, marketplace.arable_email)
    assert blocked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in blocked.get_data(as_text=True)
    assert client.get("/listings").status_code == 302


def test_one_client_guessing_many_accounts_is_blocked_too(
    client: FlaskClient, marketplace: Market
) -> None:
    for number in range(19):
        log_in(client, f"gok{number}@example.nl", "wrong")
    assert log_in(client, marketplace.coordinator_email).status_code == 302
    log_out(client)
    log_in(client, "gok-laatste@example.nl", "wrong")
    assert log_in(client, marketplace.arable_email).status_code == 429


def test_a_success_clears_the_account_but_not_the_client(
    client: FlaskClient, marketplace: Market
) -> None:
    email = marketplace.arable_email
    for _ in range(4):
        assert log_in(client, email.upper(), "wrong").status_code == 401
    assert log_in(client, email).status_code == 302
    log_out(client)
    for _ in range(4):
        assert log_in(client, email, "wrong").status_code == 401
    assert log_in(client, email).status_code == 302  # 8 failures, but 4 since the success
    log_out(client)
    for number in range(12):  # the client's count went on: 8 + 12 = 20
        log_in(client, f"ander{number}@example.nl", "wrong")
    assert log_in(client, marketplace.coordinator_email).status_code == 429


def test_failures_leave_the_window_after_five_minutes(
    client: FlaskClient, marketplace: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=lambda: now[0]))
    for _ in range(5):
        log_in(client, marketplace.arable_email, "wrong")
    now[0] += 299
    assert log_in(client, marketplace.arable_email).status_code == 429
    now[0] += 2
    assert log_in(client, marketplace.arable_email).status_code == 302
