"""A farm that passes manure on (a trader, a digester) has the same N room and A-share in
the run as on its farm page: the instance takes what it passed on off what it received
(`calculator.passed_on`), so the engine reads 1,300 kg room left where what came in alone
would leave 700 (`tests.market.passed_on_helpers`)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.accounts.services.calculator import calculate
from market.core.clock import today
from market.deliveries.services.papers import year_deliveries
from market.models import Role
from matching import solve_instance
from matching.problem import Problem
from tests.conftest import log_in, state
from tests.factories import add_user
from tests.market.passed_on_helpers import A_N, ROOM_LEFT, STAYED, TOTAL_N, passed_on_scene
from tests.web.test_kept_manure_everywhere import EVERYWHERE, room_on_page
from worker.mapping import build_snapshot, instance_document

TRADER = "doorvoer@example.nl"


def test_the_run_counts_what_the_trader_passed_on_as_its_page_does(
    app: Flask, client: FlaskClient
) -> None:
    on = today(state(app).settings)
    policy = state(app).settings.policy
    with state(app).session_factory() as session:
        scene = passed_on_scene(session, on)
        add_user(session, TRADER, Role.ARABLE_FARMER, scene.trader)
        session.commit()
        page = calculate(
            scene.trader, policy, on, None, year_deliveries(session, scene.trader, on.year)
        )
        snapshot = build_snapshot(session, EVERYWHERE, policy, on)
    log_in(client, TRADER)
    on_page = room_on_page(client)
    assert on_page == pytest.approx(ROOM_LEFT)
    assert (page.now.total_n_kg, page.now.a_n_kg) == pytest.approx((TOTAL_N, A_N))
    doc = instance_document(snapshot)
    trader = next(f for f in doc["farms"] if f["id"] == f"F{scene.trader.id}")
    assert trader["received_animal_n_kg"] == pytest.approx(STAYED)
    assert (trader["other_n_kg"], trader["other_a_n_kg"]) == pytest.approx((TOTAL_N, A_N))
    problem = Problem.read(doc)
    at = problem.farms.ids.index(trader["id"])
    assert problem.farms.room_left_kg[at] == pytest.approx(on_page)
    a_min = problem.farms.a_min[at]
    assert problem.farms.d0[at] == pytest.approx(page.now.a_n_kg - a_min * page.now.total_n_kg)
    solution = solve_instance(doc)
    into_trader = [f for f in solution["flows"] if f["request"] == f"R{scene.request_id}"]
    assert sum(f["animal_n_kg"] for f in into_trader) == pytest.approx(ROOM_LEFT)
