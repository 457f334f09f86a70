"""Plain functions that put a small market in a session, and a run to solve it.

Two organic farms near Zwolle (a livestock farm with cattle slurry, an arable farm asking
for N) trade with each other; everything else is added per test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from config import Settings
from market.models import AnalysisSource, Farm, FarmStatus, Lot, MatchRun, Request

DAY = date(2026, 11, 24)


def add_farm(session: Session, name: str, **overrides: Any) -> Farm:
    values: dict[str, Any] = {
        "name": name,
        "status": FarmStatus.ORGANIC,
        "approved": True,
        "lat": 52.51,
        "lon": 6.09,
        "province": "Overijssel",
        "area_ha": 40.0,
        "own_manure_status": FarmStatus.ORGANIC,
        "measured_own_manure_n_kg": 0.0,
        **overrides,
    }
    farm = Farm(**values)
    session.add(farm)
    session.flush()
    return farm


def add_lot(session: Session, farm: Farm, **overrides: Any) -> Lot:
    values: dict[str, Any] = {
        "kind": "cattle_slurry",
        "tonnes": 500.0,
        "n_kg_per_t": 4.4,
        "p2o5_kg_per_t": 1.5,
        "k2o_kg_per_t": 5.9,
        "analysis_source": AnalysisSource.MEASURED,
        "origin_status": FarmStatus.ORGANIC,
        "available_from": date(2026, 11, 1),
        **overrides,
    }
    lot = Lot(farm=farm, **values)
    session.add(lot)
    session.flush()
    return lot


def add_request(session: Session, farm: Farm, **overrides: Any) -> Request:
    values: dict[str, Any] = {
        "n_kg": 4000.0,
        "kinds": None,
        "accept_nonorganic": False,
        "max_distance_km": 60.0,
        "wanted_from": date(2026, 11, 1),
        **overrides,
    }
    request = Request(farm=farm, **values)
    session.add(request)
    session.flush()
    return request


def small_market(session: Session) -> tuple[Lot, Request]:
    """1,000 t of slurry (4,400 kg N) and a request for 4,000 kg N 17 road km away: one flow."""
    livestock = add_farm(session, "De Hoeve", measured_own_manure_n_kg=3000.0)
    arable = add_farm(session, "Akkerbouw Kampen", lat=52.56, lon=5.91)
    return add_lot(session, livestock, tonnes=1000.0), add_request(session, arable)


def add_run(session: Session, settings: Settings, **overrides: Any) -> MatchRun:
    values: dict[str, Any] = {
        "scope": {"region": None, "from": None, "until": None},
        "params": dict(settings.policy),
        "solver": "highs",
        "gap": 1e-4,
        **overrides,
    }
    run = MatchRun(**values)
    session.add(run)
    session.flush()
    return run
