"""Hand-made instances and solutions for the checker tests.

Every number here is computed by hand from the instance, not by `matching.check_*`, so the
tests compare the checker with an independent reading of INSTANCE.md.

Base instance (all distances overridden to 40 km, so cost = 0.15 x 40 x t = 6 EUR/t):
- F1 organic dairy, 20 ha, own 5,000 kg N: lot L1, 100 t organic cattle slurry, 4 kg N/t,
  1.5 kg P2O5/t (category A, a = 1, animal 1).
- F2 organic arable, 40 ha: request R2, 2,000 kg N, any kind, accepts non-organic manure.
- F3 organic mixed farm, 40 ha, own 2,000 kg N: lot L3, 50 t organic goat manure, 8 kg N/t;
  request R3, 1,000 kg N, accepts non-organic manure.
- F4 conventional dairy, 30 ha: lot L4, 100 t conventional cattle slurry with
  husbandry_ok (category B, a = 0, animal 1), 4 kg N/t.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from matching.vocabulary import ORIGIN_FIELDS
from tests.matching._factories import farm as engine_farm

TRANSPORT = 0.15
N_VALUE = 2.0
KM = 40.0


@dataclass(frozen=True)
class Trait:
    """What the test author derived by hand for a lot: category, A-fraction, animal
    fraction and counted N per tonne."""

    category: str
    a: float
    animal: float
    n_per_t: float


TRAITS: dict[str, Trait] = {
    "L1": Trait("A", 1.0, 1.0, 4.0),
    "L3": Trait("A", 1.0, 1.0, 8.0),
    "L4": Trait("B", 0.0, 1.0, 4.0),
}


def _origin(status: str, **flags: Any) -> dict[str, Any]:
    origin = dict.fromkeys(ORIGIN_FIELDS)
    origin.update(status=status, **flags)
    return origin


def farm(fid: str, status: str, lat: float, lon: float, area: float, own: float) -> dict:
    return engine_farm(fid, status, area=area, own=own, lat=lat, lon=lon)


def lot(
    lid: str, fid: str, kind: str, tonnes: float, n: float, origin: dict, p2o5: float = 1.5
) -> dict:
    return {
        "id": lid,
        "farm": fid,
        "kind": kind,
        "tonnes": tonnes,
        "n_kg_per_t": n,
        "p2o5_kg_per_t": p2o5,
        "k2o_kg_per_t": 5.0,
        "origin": origin,
        "intermediary": None,
        "max_distance_km": None,
        "lat": None,
        "lon": None,
    }


def request(rid: str, fid: str, n_kg: float, accept: bool = True) -> dict:
    return {
        "id": rid,
        "farm": fid,
        "n_kg": n_kg,
        "kinds": None,
        "accept_nonorganic": accept,
        "max_distance_km": 60,
    }


def organic_origin(**flags: Any) -> dict[str, Any]:
    return _origin("organic", **flags)


def conventional_origin(**flags: Any) -> dict[str, Any]:
    return _origin("conventional", **flags)


_BASE: dict[str, Any] = {
    "format": "mestmatch/instance@1",
    "date": "2026-11-22",
    "params": {
        "n_cap_kg_per_ha": 170,
        "a_share_min": 0.70,
        "n_value_eur_per_kg": N_VALUE,
        "transport_eur_per_t_km": TRANSPORT,
        "road_factor": 1.3,
        "max_distance_km": 150,
        "min_delivery_t": None,
    },
    "farms": [
        farm("F1", "organic", 52.0, 5.0, 20, 5000),
        farm("F2", "organic", 52.0, 5.5, 40, 0),
        farm("F3", "organic", 52.2, 5.2, 40, 2000),
        farm("F4", "conventional", 52.1, 5.1, 30, 6000),
    ],
    "lots": [
        lot("L1", "F1", "cattle_slurry", 100, 4.0, organic_origin()),
        lot("L3", "F3", "goat_manure", 50, 8.0, organic_origin()),
        lot("L4", "F4", "cattle_slurry", 100, 4.0, conventional_origin(husbandry_ok=True)),
    ],
    "requests": [request("R2", "F2", 2000), request("R3", "F3", 1000)],
    "distances": [
        {"lot": x, "request": r, "km": KM} for x in ("L1", "L3", "L4") for r in ("R2", "R3")
    ],
}


def instance() -> dict[str, Any]:
    """A fresh deep copy of the base instance, for a test to modify."""
    return copy.deepcopy(_BASE)


def by_id(items: list[dict], item_id: str) -> dict:
    return next(x for x in items if x["id"] == item_id)


def flow(
    lot_id: str, request_id: str, tonnes: float, km: float = KM, trait: Trait | None = None
) -> dict[str, Any]:
    """A flow with every field computed by hand from the lot's trait."""
    t = trait or TRAITS[lot_id]
    n = t.n_per_t * tonnes
    return {
        "lot": lot_id,
        "request": request_id,
        "tonnes": tonnes,
        "n_kg": n,
        "a_n_kg": t.a * n,
        "animal_n_kg": t.animal * n,
        "km": km,
        "cost_eur": TRANSPORT * km * tonnes,
    }


def solution(
    doc: dict[str, Any], flows: list[dict[str, Any]], traits: dict[str, Trait] | None = None
) -> dict[str, Any]:
    """A solution document whose summaries and objective add up for `flows`."""
    traits = {**TRAITS, **(traits or {})}
    placed = {x["id"]: sum(f["tonnes"] for f in flows if f["lot"] == x["id"]) for x in doc["lots"]}
    met = {
        r["id"]: sum(f["n_kg"] for f in flows if f["request"] == r["id"]) for r in doc["requests"]
    }
    return {
        "format": "mestmatch/solution@1",
        "status": "optimal",
        "objective": sum(N_VALUE * f["n_kg"] - f["cost_eur"] for f in flows),
        "bound": None,
        "flows": flows,
        "lots": [
            {
                "id": x["id"],
                "category": traits[x["id"]].category,
                "a_fraction": traits[x["id"]].a,
                "placed_t": placed[x["id"]],
                "left_t": x["tonnes"] - placed[x["id"]],
                "why_left": "test",
            }
            for x in doc["lots"]
        ],
        "requests": [
            {
                "id": r["id"],
                "met_n_kg": met[r["id"]],
                "unmet_n_kg": r["n_kg"] - met[r["id"]],
                "why_unmet": "test",
            }
            for r in doc["requests"]
        ],
        "farms": [],
        "stats": {"solver": "test"},
    }
