"""A farm's own manure that left it in weighed deliveries is counted as gone in the run:
the instance carries the production and the export (`exported_animal_n_kg`,
docs/engine.md), and the engine's N room is the room left the farm page shows
(`tests.market.kept_manure_helpers`: 1,160 kg where production alone would leave none).
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.core.clock import today
from market.models import Role
from matching import solve_instance
from matching.problem import Problem
from tests.conftest import log_in, state
from tests.factories import add_user
from tests.market.kept_manure_helpers import PRODUCED, ROOM_LEFT, SENT, kept_manure_scene
from worker.mapping import build_snapshot, instance_document

LIVESTOCK = "terp@example.nl"
EVERYWHERE = {"region": None, "from": None, "until": None}


def room_on_page(client: FlaskClient) -> float:
    """The farm page's "room left now", read back from its Dutch figure (1.160 → 1160)."""
    page = client.get("/farm").get_data(as_text=True)
    found = re.search(r'data-figure="room-left-now">([^<]*?) kg N', page)
    assert found is not None, page
    return float(found.group(1).strip().replace(".", "").replace(",", "."))


def test_the_run_keeps_what_the_farm_page_keeps(app: Flask, client: FlaskClient) -> None:
    on = today(state(app).settings)
    with state(app).session_factory() as session:
        scene = kept_manure_scene(session, on)
        add_user(session, LIVESTOCK, Role.LIVESTOCK_FARMER, scene.terp)
        session.commit()
        snapshot = build_snapshot(session, EVERYWHERE, state(app).settings.policy, on)
    log_in(client, LIVESTOCK)
    assert room_on_page(client) == pytest.approx(ROOM_LEFT)
    doc = instance_document(snapshot)
    terp = next(f for f in doc["farms"] if f["id"] == f"F{scene.terp.id}")
    assert terp["own_manure_n_kg"] == pytest.approx(PRODUCED)  # R6.3 reads the production
    assert terp["exported_animal_n_kg"] == pytest.approx(SENT)
    problem = Problem.read(doc)
    at = problem.farms.ids.index(terp["id"])
    assert problem.farms.room_left_kg[at] == pytest.approx(ROOM_LEFT)
    solution = solve_instance(doc)
    into_terp = [f for f in solution["flows"] if f["request"] == f"R{scene.request_id}"]
    assert sum(f["animal_n_kg"] for f in into_terp) == pytest.approx(ROOM_LEFT)
