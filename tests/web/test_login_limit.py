"""Log-in is rate limited: after five failures the form refuses even the right password."""

from __future__ import annotations

from flask.testing import FlaskClient

from market.core.ratelimit import AttemptLimiter, LoginLimiter
from tests.web.conftest import Market, log_in, log_out


def test_five_failures_block_the_account_even_with_the_right_password(
    client: FlaskClient, marketplace: Market
) -> None:
    for _ in range(5):
        assert log_in(client, marketplace.arable_email, "wrong").status_code == 401
    blocked = log_in(client, marketplace.arable_email)
    assert blocked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in blocked.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_one_client_guessing_many_accounts_is_blocked_too(
    client: FlaskClient, marketplace: Market
) -> None:
    for number in range(19):
        log_in(client, f"gok{number}@example.nl", "wrong")
    assert log_in(client, marketplace.coordinator_email).status_code == 302
    log_out(client)
    log_in(client, "gok-laatste@example.nl", "wrong")
    assert log_in(client, marketplace.arable_email).status_code == 429


def test_a_success_clears_the_account_but_not_the_client() -> None:
    limiter = LoginLimiter()
    for _ in range(5):
        limiter.failed("Boer@example.nl", "10.0.0.1")
    assert limiter.blocked("boer@example.nl", "10.0.0.2")
    limiter.succeeded("boer@example.nl")
    assert not limiter.blocked("boer@example.nl", "10.0.0.1")
    for _ in range(15):
        limiter.failed("ander@example.nl", "10.0.0.1")
    assert limiter.blocked("derde@example.nl", "10.0.0.1")


def test_failures_leave_the_window() -> None:
    now = [0.0]
    limiter = AttemptLimiter(limit=2, window_s=60, clock=lambda: now[0])
    limiter.failed("email:a")
    limiter.failed("email:a")
    assert limiter.blocked("email:a")
    now[0] = 61.0
    assert not limiter.blocked("email:a")
