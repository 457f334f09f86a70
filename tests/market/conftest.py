"""The data-layer tests run on both databases: `db` is a migrated SQLite file and, marked
integration, this package's PostgreSQL database (fixtures in `tests/conftest.py`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.integration)]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest) -> Session:
    """The same test on a migrated SQLite file and on PostgreSQL (marked integration)."""
    return request.getfixturevalue(f"{request.param}_session")


LOT_FORM: dict[str, Any] = {
    "kind": "cattle_slurry",
    "tonnes": 500,
    "n_kg_per_t": 4.4,
    "p2o5_kg_per_t": 1.5,
    "k2o_kg_per_t": 5.9,
    "analysed_on": date(2026, 10, 1),
    "available_from": date(2026, 11, 1),
}
REQUEST_FORM: dict[str, Any] = {
    "n_kg": 4000,
    "kinds": None,
    "accept_nonorganic": False,
    "max_distance_km": 60,
    "wanted_from": date(2027, 2, 16),
    "land_use": "arable_sand_loess",
}
