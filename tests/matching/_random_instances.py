"""Small random instances that reach into every corner of the rules: every kind and origin
flag, conversion and conventional farms, natural land, exemptions, phosphate rooms, the R5
ledger flags, intermediaries, lot locations, distance overrides and limits, min delivery.
Reproducible from the seed; built for breadth, not realism (see `matching.tools.generate`)."""

from __future__ import annotations

import random
from typing import Any

from matching.rules import KINDS

STATUSES = ("organic", "organic", "organic", "conversion", "conventional")


def _origin(rng: random.Random) -> dict[str, Any]:
    origin: dict[str, Any] = {"status": rng.choice([*STATUSES, None])}
    for flag in (
        "husbandry_ok",
        "direct_from_organic_farm",
        "manure_organic",
        "coproducts_annex_ii",
        "skal_input_list",
    ):
        origin[flag] = rng.choice([True, False, None])
    origin["manure_share"] = rng.choice([None, 0.3, 0.5, 0.8, 1.0])
    origin["coproducts_organic_share"] = rng.choice([None, 0.0, 0.5, 1.0])
    origin["made_from"] = rng.choice([None, "A", "B", "C"])
    return origin


def _farm(rng: random.Random, i: int) -> dict[str, Any]:
    status = rng.choice(STATUSES)
    other = rng.choice([0, 0, 100, 2000])
    return {
        "id": f"F{i}",
        "name": f"farm {i}",
        "status": status,
        "lat": 52 + rng.uniform(-0.3, 0.3),
        "lon": 5 + rng.uniform(-0.3, 0.3),
        "area_ha": rng.choice([0, 1, 5, 20, 60]),
        "natural_land": [{"ha": rng.choice([1, 5]), "n_limit_kg_per_ha": rng.choice([0, 50, 100])}]
        if rng.random() < 0.3
        else [],
        "own_manure_n_kg": rng.choice([0, 0, 0, 500, 3000, 12000]),
        "own_manure_status": rng.choice([status, "organic", "conversion", "conventional"]),
        "other_n_kg": other,
        "other_a_n_kg": rng.choice([0, other // 2, other]),
        "a_share_min": rng.choice([None, None, 0.5, 1.0, 0.0]),
        "p2o5_room_kg": rng.choice([None, None, 0, 50, 500]),
        "exported_organic_this_year": rng.random() < 0.15,
        "imported_nonorganic_this_year": rng.random() < 0.15,
    }


def _intermediary(rng: random.Random) -> dict[str, Any] | None:
    if rng.random() < 0.8:
        return None
    return {
        "name": "Mestbank",
        "skal_approved": rng.random() < 0.7,
        "valid_until": rng.choice([None, "2026-11-21", "2026-11-22", "2027-01-01"]),
    }


def _lot(rng: random.Random, i: int, farms: list[dict[str, Any]]) -> dict[str, Any]:
    lot = {
        "id": f"L{i}",
        "farm": rng.choice(farms)["id"],
        "kind": rng.choice(KINDS[:11] * 3 + KINDS),
        "tonnes": rng.choice([0, 10, 50, 200, 1000]),
        "n_kg_per_t": rng.choice([0, 2, 5, 5, 9, 9, 25]),
        "p2o5_kg_per_t": rng.choice([None, 0, 1.5, 4]),
        "k2o_kg_per_t": None,
        "origin": _origin(rng),
        "intermediary": _intermediary(rng),
        "max_distance_km": rng.choice([None, None, None, 10, 40]),
        "lat": None,
        "lon": None,
    }
    if rng.random() < 0.15:
        lot["lat"], lot["lon"] = 52 + rng.uniform(-0.5, 0.5), 5 + rng.uniform(-0.5, 0.5)
    return lot


def _request(rng: random.Random, i: int, farms: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": f"R{i}",
        "farm": rng.choice(farms)["id"],
        "n_kg": rng.choice([0, 100, 800, 5000]),
        "kinds": rng.choice([None, None, None, None, [], rng.sample(KINDS, 8)]),
        "accept_nonorganic": rng.choice([True, False, None]),
        "max_distance_km": rng.choice([None, None, 20, 60]),
    }


def random_instance(
    seed: int,
    *,
    farms: tuple[int, int] = (2, 9),
    lots: tuple[int, int] = (1, 8),
    requests: tuple[int, int] = (0, 6),
) -> dict[str, Any]:
    rng = random.Random(seed)
    farm_docs = [_farm(rng, i) for i in range(rng.randint(*farms))]
    receivers = [f for f in farm_docs if f["status"] != "conventional"]
    lot_docs = [_lot(rng, i, farm_docs) for i in range(rng.randint(*lots))]
    request_docs = [
        _request(rng, i, receivers) for i in range(rng.randint(*requests) if receivers else 0)
    ]
    distances = [
        {"lot": x["id"], "request": r["id"], "km": rng.choice([0, 5, 45, 150, 200])}
        for x in lot_docs
        for r in request_docs
        if rng.random() < 0.2
    ]
    params = {
        "n_cap_kg_per_ha": 170,
        "a_share_min": rng.choice([0.7, 0.65, 1.0]),
        "n_value_eur_per_kg": 2.0,
        "transport_eur_per_t_km": rng.choice([0.15, 0.5, 0.0]),
        "road_factor": 1.3,
        "max_distance_km": rng.choice([150, None, 30]),
        "min_delivery_t": rng.choice([None, None, 0, 15, 100]),
    }
    return {
        "format": "mestmatch/instance@1",
        "date": "2026-11-22",
        "params": params,
        "farms": farm_docs,
        "lots": lot_docs,
        "requests": request_docs,
        "distances": distances,
    }
