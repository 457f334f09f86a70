"""Plain builders of instance documents for the engine's tests.

Distances are set by overrides (`km`) so every objective can be computed by hand:
profit per tonne = 2.0 EUR/kg × N − 0.15 EUR/t/km × km.
"""

from __future__ import annotations

from typing import Any

PARAMS = {
    "n_cap_kg_per_ha": 170,
    "a_share_min": 0.70,
    "n_value_eur_per_kg": 2.0,
    "transport_eur_per_t_km": 0.15,
    "road_factor": 1.3,
    "max_distance_km": 150,
    "min_delivery_t": None,
}


def farm(
    fid: str,
    status: str = "organic",
    *,
    area: float = 100.0,
    own: float = 0.0,
    lat: float = 52.0,
    lon: float = 5.0,
    **extra: Any,
) -> dict[str, Any]:
    doc = {
        "id": fid,
        "name": fid,
        "status": status,
        "lat": lat,
        "lon": lon,
        "area_ha": area,
        "natural_land": [],
        "own_manure_n_kg": own,
        "own_manure_status": status,
        "other_n_kg": 0,
        "other_a_n_kg": 0,
        "a_share_min": None,
        "p2o5_room_kg": None,
        "exported_organic_this_year": False,
        "imported_nonorganic_this_year": False,
    }
    return doc | extra


def lot(
    lid: str,
    farm_id: str,
    kind: str = "cattle_slurry",
    tonnes: float = 100.0,
    n: float = 5.0,
    *,
    status: str = "organic",
    p2o5: float = 0.0,
    **origin: Any,
) -> dict[str, Any]:
    return {
        "id": lid,
        "farm": farm_id,
        "kind": kind,
        "tonnes": tonnes,
        "n_kg_per_t": n,
        "p2o5_kg_per_t": p2o5,
        "k2o_kg_per_t": 0.0,
        "origin": {"status": status, **origin},
        "intermediary": None,
        "max_distance_km": None,
        "lat": None,
        "lon": None,
    }


def request(
    rid: str, farm_id: str, n_kg: float, *, nonorganic: bool = False, **extra: Any
) -> dict[str, Any]:
    doc = {
        "id": rid,
        "farm": farm_id,
        "n_kg": n_kg,
        "kinds": None,
        "accept_nonorganic": nonorganic,
        "max_distance_km": None,
    }
    return doc | extra


def instance(
    farms: list[dict],
    lots: list[dict],
    requests: list[dict],
    *,
    km: float | dict[tuple[str, str], float] = 20.0,
    **params: Any,
) -> dict[str, Any]:
    """An instance whose every lot → request distance is overridden (`km` for all pairs, or
    a dict per pair; pairs missing from the dict use the great-circle distance)."""
    if isinstance(km, dict):
        distances = [{"lot": a, "request": b, "km": d} for (a, b), d in km.items()]
    else:
        distances = [{"lot": x["id"], "request": r["id"], "km": km} for x in lots for r in requests]
    return {
        "format": "mestmatch/instance@1",
        "date": "2026-11-22",
        "params": PARAMS | params,
        "farms": farms,
        "lots": lots,
        "requests": requests,
        "distances": distances,
    }


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def flows(solution: dict[str, Any]) -> dict[tuple[str, str], float]:
    return {(f["lot"], f["request"]): f["tonnes"] for f in solution["flows"]}
