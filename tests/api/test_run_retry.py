"""A run that found no solution is retried through the API with a longer limit (issue 14)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from config import tasks
from market.models import MatchRun, RunStatus
from tests.api.conftest import Call, World
from tests.conftest import state
from tests.web.review_helpers import add_run_without_solution
from tests.web.test_broker import received_task


def test_retry_queues_the_same_scope_with_twice_the_limit(call: Call, api_app: Flask) -> None:
    run_id = add_run_without_solution(api_app, 60.0)
    response = call("coordinator", "POST", f"/runs/{run_id}/retry")
    assert response.status_code == 201
    again = response.get_json()
    assert response.headers["Location"] == f"/api/v1/runs/{again['id']}"
    assert (again["status"], again["time_limit_s"]) == ("queued", 120.0)
    assert again["scope"] == {"region": "Zeeland", "from": "2026-03-01", "until": None}
    with state(api_app).session_factory() as session:
        row = session.get_one(MatchRun, again["id"])
        assert (row.status, row.time_limit_s) == (RunStatus.QUEUED, 120.0)
    assert received_task(state(api_app).settings) == (tasks.RUN_MATCHING, [again["id"]])


def test_no_retry_for_a_solved_run_nor_beyond_the_worker_s_limit(
    call: Call, api_app: Flask, world: World
) -> None:
    longest = add_run_without_solution(api_app, None)  # had the worker's own limit
    for run_id in (world.run, longest):
        response = call("coordinator", "POST", f"/runs/{run_id}/retry")
        assert response.status_code == 409, run_id
        assert "longer time limit" in response.get_json()["detail"]
    with state(api_app).session_factory() as session:
        assert session.scalars(select(MatchRun).where(MatchRun.id > longest)).all() == []
