"""Sessions end on the server: a cookie copied before log-out, a password reset or a
coordinator's "log out everywhere" logs nobody in afterwards, and a reset revokes tokens."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import AuditEntry, User
from tests.conftest import csrf_token, load, log_in, log_out, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import farm_id, mails
from tests.web.test_password_reset import NEW_PASSWORD, ask_for_link, reset_path

COOKIE = "mestmatch_session"


def saved_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def logged_in_with(app: Flask, cookie: str) -> bool:
    """Whether a fresh browser holding only `cookie` gets the market (not the log-in)."""
    browser = app.test_client()
    browser.set_cookie(COOKIE, cookie)
    return browser.get("/listings").status_code == 200


def make_token(client: FlaskClient) -> str:
    form = csrf_token(client.get("/account/tokens"))
    page = client.post("/account/tokens", data={"csrf_token": form, "name": "Script"})
    secret = page.get_data(as_text=True).split('<code class="secret">')[1].split("<")[0]
    assert secret.startswith("mm_")
    return secret


def api_status(app: Flask, secret: str) -> int:
    headers = {"Authorization": f"Bearer {secret}"}
    return app.test_client().get("/api/v1/me", headers=headers).status_code


def user_id(app: Flask, email: str) -> int:
    with state(app).session_factory() as session:
        return session.scalars(select(User.id).where(User.email == email)).one()


def test_a_cookie_saved_before_logout_logs_nobody_in_after_it(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.arable_email)
    cookie = saved_cookie(client)
    assert logged_in_with(app, cookie)
    log_out(client)
    assert not logged_in_with(app, cookie)


def test_a_password_reset_ends_old_sessions_and_revokes_tokens(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.arable_email)
    cookie, secret = saved_cookie(client), make_token(client)
    assert api_status(app, secret) == 200
    stranger = app.test_client()
    ask_for_link(stranger, marketplace.arable_email)
    (mail,) = mails(app)
    body = mail.get_payload(decode=True)
    assert isinstance(body, bytes) and "trekt uw API-tokens in" in body.decode()
    data: dict[str, object] = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert post_form(stranger, reset_path(app), data).headers["Location"] == "/login"
    page = stranger.get("/login").get_data(as_text=True)
    assert "overal uitgelogd en zijn uw API-tokens ingetrokken" in page
    assert not logged_in_with(app, cookie)
    assert client.get("/listings").status_code == 302
    assert api_status(app, secret) == 401


def test_a_coordinator_logs_a_farmer_out_everywhere(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    farmer = app.test_client()
    log_in(farmer, marketplace.arable_email)
    akker, farmer_id = farm_id(app, marketplace.arable_farm), user_id(app, marketplace.arable_email)
    log_in(client, marketplace.coordinator_email)
    action = f"/farms/{akker}/accounts/{farmer_id}/end-sessions"
    assert action in client.get(f"/farms/{akker}").get_data(as_text=True)
    response = post_form(client, f"/farms/{akker}", {}, action)
    assert response.headers["Location"] == f"/farms/{akker}"
    assert farmer.get("/listings").status_code == 302
    assert client.get("/").status_code == 200
    with state(app).session_factory() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.target_type, entry.target_id) == (
        "user.end_sessions",
        "user",
        farmer_id,
    )
    assert entry.detail == {"sessions": 1}
    assert entry.actor_id == user_id(app, marketplace.coordinator_email)
    assert load(app, User, farmer_id).active


def test_only_a_coordinator_ends_sessions_and_only_of_the_farms_accounts(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    hoeve, akker = farm_id(app, marketplace.livestock_farm), farm_id(app, marketplace.arable_farm)
    farmer_id = user_id(app, marketplace.arable_email)
    log_in(client, marketplace.livestock_email)
    action = f"/farms/{akker}/accounts/{farmer_id}/end-sessions"
    assert post_form(client, "/farm", {}, action).status_code == 403
    log_out(client)
    log_in(client, marketplace.coordinator_email)
    wrong_farm = f"/farms/{hoeve}/accounts/{farmer_id}/end-sessions"
    assert post_form(client, f"/farms/{hoeve}", {}, wrong_farm).status_code == 404
    assert client.post(action).status_code == 400
