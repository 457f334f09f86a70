"""One run lifecycle: the page, the API and the nightly scheduler create runs the same way.

All three go through `market.runs.services.runs.create_run` (so they refuse the same scopes)
and `market.core.broker.commit_then_enqueue`; the page and the API also share one hourly limit
per coordinator, so switching from one to the other gains no runs.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from market.core.broker import make_producer
from market.core.validation import ValidationError
from market.models import MatchRun
from tests.api.conftest import Call
from tests.conftest import log_in, post_form, state
from worker import scheduling
from worker.context import WorkerContext

COORDINATOR = "coordinator@example.nl"


def run_count(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(MatchRun)) or 0


def start_on_the_page(web: FlaskClient, **scope: str) -> int:
    return post_form(web, "/review", dict(scope), "/review/runs").status_code


@pytest.fixture
def web(api_app: Flask) -> FlaskClient:
    """The coordinator in a browser, on the same app as the API calls."""
    client = api_app.test_client()
    log_in(client, COORDINATOR)
    return client


def test_page_and_api_count_against_one_limit(call: Call, api_app: Flask, web: FlaskClient) -> None:
    api_app.config["API_LIMIT_RUNS"] = 3
    before = run_count(api_app)
    assert start_on_the_page(web) == 302
    assert call("coordinator", "POST", "/runs", json={}).status_code == 201
    assert start_on_the_page(web) == 302
    refused = call("coordinator", "POST", "/runs", json={})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert start_on_the_page(web) == 429
    assert run_count(api_app) == before + 3


def test_page_api_and_scheduler_refuse_the_same_scope(
    call: Call, api_app: Flask, web: FlaskClient
) -> None:
    before = run_count(api_app)
    assert start_on_the_page(web, region="Atlantis") == 400
    answer = call("coordinator", "POST", "/runs", json={"region": "Atlantis"})
    assert answer.status_code == 422
    assert [error["field"] for error in answer.get_json()["errors"]] == ["region"]
    settings = state(api_app).settings
    ctx, producer = WorkerContext(settings), make_producer(settings)
    try:
        with pytest.raises(ValidationError) as refused:
            scheduling.start_scheduled_run(ctx, producer, "Atlantis")
    finally:
        producer.close()
        ctx.dispose()
    assert list(refused.value.errors) == ["region"]
    assert run_count(api_app) == before


@pytest.mark.parametrize(
    ("scope", "field", "code"),
    [
        ({"until": ""}, "until", "date"),
        ({"start": "2026-13-01"}, "start", "date"),
        ({"region": ""}, "region", "choice"),
        ({"region": "Zeeland", "start": "2026-05-01", "until": "2026-04-01"}, "until", None),
        ({"province": "Zeeland"}, "province", "unknown_field"),
    ],
)
def test_the_api_refuses_what_its_document_forbids(
    call: Call, api_app: Flask, scope: dict[str, str], field: str, code: str | None
) -> None:
    """An empty date was once stored as an open end (201); the document never allowed it."""
    before = run_count(api_app)
    answer = call("coordinator", "POST", "/runs", json=scope)
    assert answer.status_code == 422
    [error] = answer.get_json()["errors"]
    assert error["field"] == field
    assert error["code"] == (code or "not_before_start")
    assert run_count(api_app) == before


def test_a_refused_scope_counts_against_the_limit(call: Call, api_app: Flask) -> None:
    api_app.config["API_LIMIT_RUNS"] = 1
    assert call("coordinator", "POST", "/runs", json={"until": ""}).status_code == 422
    assert call("coordinator", "POST", "/runs", json={}).status_code == 429


def test_the_list_reads_its_query_through_its_model(call: Call) -> None:
    assert call("coordinator", "GET", "/runs?per_page=1&utm=x").get_json()["per_page"] == 1
    for query, code in (("per_page=0", "whole_number_range"), ("page=-1", "whole_number")):
        refused = call("coordinator", "GET", f"/runs?{query}")
        assert refused.status_code == 400
        [error] = refused.get_json()["errors"]
        assert (error["field"], error["code"]) == (query.split("=")[0], code)
