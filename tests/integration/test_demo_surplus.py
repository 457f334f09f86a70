"""The demo's legal surpluses find an organic home when one is within reach (issue 11).

An organic livestock farm must place its surplus organic manure with another organic farm
(R3) and pays to be rid of it elsewhere; with the outlet cost of its kind in the instance
(`matching/data/outlet_costs.json`) the engine places it even where the N alone would not pay
the haul. The demo is seeded, the run's instance built as the worker builds it
(`worker.mapping`), and the engine solves it. "Within reach" is worked out here from the
instance alone: a request of another organic or conversion farm that takes the kind, inside
every distance limit, whose window meets the lot's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from config import Settings
from market.demo.seed import seed_demo
from matching.engine import solve_instance
from matching.rules import ANIMAL_MANURE_KINDS, great_circle_km
from worker.mapping import build_snapshot, instance_document

SEED_DAY = date(2026, 11, 24)
RECEIVING = {"organic", "conversion"}
Doc = Mapping[str, Any]


def demo_instance(session: Session, settings: Settings, scope: Doc) -> dict[str, Any]:
    seed_demo(session, SEED_DAY)
    session.flush()
    return instance_document(build_snapshot(session, scope, settings.policy, SEED_DAY))


def legal_surplus(doc: Doc) -> list[Doc]:
    """Organic animal manure of organic farms that keep animals: what R3 makes them place."""
    farms = {farm["id"]: farm for farm in doc["farms"]}
    return [
        lot
        for lot in doc["lots"]
        if lot["kind"] in ANIMAL_MANURE_KINDS
        and lot["origin"]["status"] == "organic"
        and farms[lot["farm"]]["status"] == "organic"
        and farms[lot["farm"]]["own_manure_n_kg"] > 0
    ]


def _limits(*limits: float | None) -> float:
    return min((limit for limit in limits if limit is not None), default=float("inf"))


def _meet(lot: Doc, request: Doc) -> bool:
    ends = (lot["available_until"], request["wanted_until"])
    last = min((end for end in ends if end is not None), default=None)
    return last is None or max(lot["available_from"], request["wanted_from"]) <= last


def organic_home_within_reach(doc: Doc, lot: Doc) -> bool:
    farms = {farm["id"]: farm for farm in doc["farms"]}
    here = (farms[lot["farm"]]["lat"], farms[lot["farm"]]["lon"])
    for request in doc["requests"]:
        farm = farms[request["farm"]]
        if farm["id"] == lot["farm"] or farm["status"] not in RECEIVING:
            continue
        if request["kinds"] is not None and lot["kind"] not in request["kinds"]:
            continue
        km = doc["params"]["road_factor"] * great_circle_km(here, (farm["lat"], farm["lon"]))
        limit = _limits(
            doc["params"]["max_distance_km"], lot["max_distance_km"], request["max_distance_km"]
        )
        if km <= limit and _meet(lot, request):
            return True
    return False


@pytest.fixture
def surplus(sqlite_session: Session, settings: Settings) -> tuple[dict[str, Any], list[Doc]]:
    doc = demo_instance(sqlite_session, settings, {})
    return doc, [lot for lot in legal_surplus(doc) if organic_home_within_reach(doc, lot)]


def test_every_legal_surplus_within_reach_is_placed(
    surplus: tuple[dict[str, Any], list[Doc]],
) -> None:
    doc, within_reach = surplus
    assert len(within_reach) >= 8
    assert all(lot["outlet_eur_per_t"] > 0 for lot in within_reach)
    solution = solve_instance(doc)
    results = {item["id"]: item for item in solution["lots"]}
    left = {lot["id"]: results[lot["id"]]["left_t"] for lot in within_reach}
    assert solution["status"] == "optimal"
    assert left == dict.fromkeys(left, pytest.approx(0.0, abs=1e-6))


def test_without_outlets_the_demo_leaves_reachable_surplus_behind(
    sqlite_session: Session, settings: Settings
) -> None:
    """The same market with every outlet at 0 (the run's figure): transport outweighs the N
    for some surplus lots, which is what the outlet cost corrects."""
    doc = demo_instance(sqlite_session, settings, {"outlet_eur_per_t": 0.0})
    reachable = [lot["id"] for lot in legal_surplus(doc) if organic_home_within_reach(doc, lot)]
    results = {item["id"]: item for item in solve_instance(doc)["lots"]}
    left_behind = [key for key in reachable if results[key]["left_t"] > 1e-6]
    assert left_behind
    assert {results[key]["why_left_code"] for key in left_behind} <= {
        "not_worth_transport",
        "requests_met",
    }
