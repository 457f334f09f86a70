"""Tokens: made and revoked on the account's page, stored hashed, limited in their use."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.accounts.services.api_tokens import digest
from market.models import ApiToken
from tests.api.conftest import Call, World
from tests.conftest import csrf_token, log_in, state

SECRET = re.compile(r'<code class="secret">(mm_[^<]+)</code>')


def make_token(client: FlaskClient, name: str, scope: str = "write") -> str:
    token = csrf_token(client.get("/account/tokens"))
    page = client.post("/account/tokens", data={"csrf_token": token, "name": name, "scope": scope})
    assert page.status_code == 200
    found = SECRET.search(page.get_data(as_text=True))
    assert found, "the new token is shown once"
    return found.group(1)


def test_a_farmer_makes_a_token_that_works_and_is_stored_hashed(
    api_app: Flask, api_client: FlaskClient
) -> None:
    log_in(api_client, "livestock@example.nl")
    secret = make_token(api_client, "Farm software")
    with state(api_app).session_factory() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.name == "Farm software")).one()
        assert (row.token_hash, row.scope) == (digest(secret), "write")
        assert secret not in repr(session.execute(select(ApiToken.__table__)).all())
    api = api_app.test_client()
    response = api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.get_json()["role"] == "livestock_farmer"
    assert secret not in api_client.get("/account/tokens").get_data(as_text=True)


def test_a_revoked_token_is_refused(api_app: Flask, api_client: FlaskClient) -> None:
    log_in(api_client, "coordinator@example.nl")
    secret = make_token(api_client, "Script", "read")
    with state(api_app).session_factory() as session:
        token_id = session.scalars(select(ApiToken.id).where(ApiToken.name == "Script")).one()
    form = csrf_token(api_client.get("/account/tokens"))
    api_client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": form})
    response = api_app.test_client().get(
        "/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 401


def test_nobody_revokes_another_users_token(api_client: FlaskClient) -> None:
    log_in(api_client, "other@example.nl")
    form = csrf_token(api_client.get("/account/tokens"))
    assert api_client.post("/account/tokens/1/revoke", data={"csrf_token": form}).status_code == 404


def test_a_token_page_needs_a_log_in(api_client: FlaskClient) -> None:
    assert api_client.get("/account/tokens").status_code == 302


def test_token_use_is_rate_limited(call: Call, api_app: Flask) -> None:
    api_app.config["API_LIMIT_TOKEN_CALLS"] = 3
    statuses = [call("livestock", "GET", "/me").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = call("livestock", "GET", "/me")
    assert int(limited.headers["Retry-After"]) >= 1
    assert call("arable", "GET", "/me").status_code == 200


def test_guessing_tokens_is_rate_limited(call: Call, api_app: Flask, world: World) -> None:
    api_app.config["API_LIMIT_BAD_TOKENS"] = 2
    wrong = {"Authorization": "Bearer mm_guess"}
    statuses = [call("anonymous", "GET", "/me", headers=wrong).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
