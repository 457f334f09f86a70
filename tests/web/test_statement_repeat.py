"""`POST /api/v1/statements` asked again for the same statement answers it with 200.

The first request issues a numbered statement of non-availability (201, Location); the same
request again the same day, on the same findings, answers that statement unchanged with 200
and the same Location, without a second number in the register. The OpenAPI document lists
both answers.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from market.accounts.services.api_tokens import issue_token
from market.models import Role, Statement
from tests.conftest import state
from tests.factories import add_farm, add_request, add_user


def _request_and_token(app: Flask) -> tuple[int, str]:
    """An open request of Akkerbouw Dronten (no manure on the market) and a write token."""
    with state(app).session_factory() as session:
        dronten = add_farm(session, "Akkerbouw Dronten")
        user = add_user(session, "dronten@example.nl", Role.ARABLE_FARMER, dronten)
        request = add_request(session, dronten, kinds=["cattle_slurry"])
        secret = issue_token(session, user, "tests", "write")[1]
        session.commit()
        return request.id, secret


def test_asking_again_answers_the_statement_already_issued_with_200(
    app: Flask, client: FlaskClient
) -> None:
    request_id, secret = _request_and_token(app)
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"request_id": request_id}
    made = client.post("/api/v1/statements", json=body, headers=headers)
    again = client.post("/api/v1/statements", json=body, headers=headers)
    assert made.status_code == 201, made.get_data(as_text=True)
    assert again.status_code == 200, again.get_data(as_text=True)
    assert again.get_json() == made.get_json()
    assert again.headers["Location"] == made.headers["Location"]
    with state(app).session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Statement)) == 1


def test_the_openapi_document_lists_the_repeat_answer(client: FlaskClient) -> None:
    responses = client.get("/api/v1/openapi.json").get_json()["paths"]["/statements"]["post"][
        "responses"
    ]
    assert {"200", "201"} <= set(responses)
    assert "Location" in responses["200"]["headers"]
