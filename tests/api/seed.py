"""Documents for the API tests: a stored instance and solution, and request bodies (the rows
they sit beside come from `tests/factories.py`)."""

from __future__ import annotations

from typing import Any

INSTANCE: dict[str, Any] = {
    "format": "mestmatch/instance@1",
    "date": "2026-11-24",
    "params": {
        "n_cap_kg_per_ha": 170,
        "a_share_min": 0.7,
        "n_value_eur_per_kg": 2.0,
        "transport_eur_per_t_km": 0.15,
        "road_factor": 1.3,
        "max_distance_km": 150,
        "min_delivery_t": None,
    },
    "farms": [],
    "lots": [],
    "requests": [],
    "distances": [],
}
SOLUTION: dict[str, Any] = {
    "format": "mestmatch/solution@1",
    "status": "optimal",
    "objective": 0.0,
    "bound": 0.0,
    "flows": [],
    "lots": [],
    "requests": [],
    "farms": [],
    "stats": {
        "solver": "highs",
        "variables": 0,
        "constraints": 0,
        "components": 1,
        "build_s": 0.0,
        "solve_s": 0.0,
        "total_s": 0.0,
    },
}
LOT_BODY: dict[str, Any] = {
    "kind": "cattle_slurry",
    "tonnes": 200,
    "n_kg_per_t": 4.4,
    "available_from": "2026-12-01",
}
REQUEST_BODY: dict[str, Any] = {
    "n_kg": 3000,
    "kinds": None,
    "wanted_from": "2027-02-15",
    "land_use": "arable_sand_loess",
}
