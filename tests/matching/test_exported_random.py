"""Exports of own manure (`farms[].exported_animal_n_kg`) on generated instances: the engine
and the independent full model (`tools.bench_raw`, on `check_rules`) find the same optimum,
the checker passes it, and the room the exports free is used (a farm takes in more animal N
than its room less its production would allow)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from matching.tools.generate import generate_instance
from tests.matching._full_model import optimum_and_solution

GAP = 1e-4
#: The shares of a farm's production that left it, drawn per farm.
SHARES = (0.25, 0.5, 0.9, 1.0)


def with_exports(farms: int, seed: int) -> dict[str, Any]:
    """A generated instance where 60 % of the farms with own manure sent part of it away."""
    doc = generate_instance(farms, seed)
    rng = random.Random(seed)
    for farm in doc["farms"]:
        own = farm.get("own_manure_n_kg") or 0.0
        if own > 0 and rng.random() < 0.6:
            farm["exported_animal_n_kg"] = round(own * rng.choice(SHARES), 3)
    return doc


def beyond_production(doc: dict[str, Any], solution: dict[str, Any]) -> list[str]:
    """Farms whose flows brought in more animal N than room − production − received (kg)."""
    farm_of = {r["id"]: r["farm"] for r in doc["requests"]}
    taken: dict[str, float] = {}
    for flow in solution["flows"]:
        farm_id = farm_of[flow["request"]]
        taken[farm_id] = taken.get(farm_id, 0.0) + flow["animal_n_kg"]
    rooms = {row["id"]: row["n_room_kg"] for row in solution["farms"]}
    return [
        farm["id"]
        for farm in doc["farms"]
        if taken.get(farm["id"], 0.0)
        > max(
            0.0,
            rooms[farm["id"]] - _kg(farm, "own_manure_n_kg") - _kg(farm, "received_animal_n_kg"),
        )
        + 1e-6
    ]


def _kg(farm: dict[str, Any], name: str) -> float:
    return float(farm.get(name) or 0.0)


@pytest.mark.parametrize("seed", [11, 12])
def test_the_engine_and_the_full_model_agree_and_use_the_freed_room(seed: int) -> None:
    doc = with_exports(200, seed)
    best, solution = optimum_and_solution(doc)
    assert solution["objective"] == pytest.approx(best, rel=GAP, abs=GAP)
    assert beyond_production(doc, solution) != []
