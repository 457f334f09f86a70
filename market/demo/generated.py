"""A generated instance document (`matching.tools.generate`) as rows of the market.

The inverse of `worker.mapping`, for the tests and the pipeline benchmark
(`benchmarks/pipeline.py`) that need a national-size market: farms with their natural land,
lots and requests, all open, all approved, in one province of our own.
Measured road distances and this year's R5 flags have no table of their own (they come
from the delivery ledger), so they are left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from market.models import AnalysisSource, Farm, FarmStatus, Lot, NaturalLandParcel, Request
from matching.vocabulary import ORIGIN_FIELDS

OPEN_SINCE = date(2026, 1, 1)


def load_instance(session: Session, doc: dict[str, Any], province: str) -> None:
    """Add every farm, lot and request of `doc`; flushes, the caller commits."""
    farms = {farm["id"]: _farm(farm, province) for farm in doc["farms"]}
    session.add_all(farms.values())
    session.add_all(_lot(lot, farms[lot["farm"]]) for lot in doc["lots"])
    session.add_all(_request(req, farms[req["farm"]]) for req in doc["requests"])
    session.flush()


def _farm(farm: dict[str, Any], province: str) -> Farm:
    return Farm(
        name=farm["name"],
        status=FarmStatus(farm["status"]),
        approved=True,
        lat=farm["lat"],
        lon=farm["lon"],
        province=province,
        area_ha=farm["area_ha"],
        own_manure_status=FarmStatus(farm["own_manure_status"]),
        measured_own_manure_n_kg=farm["own_manure_n_kg"],
        other_n_kg=farm["other_n_kg"],
        other_a_n_kg=farm["other_a_n_kg"],
        p2o5_room_kg=farm["p2o5_room_kg"],
        a_share_min_exemption=farm["a_share_min"],
        parcels=[
            NaturalLandParcel(ha=p["ha"], n_limit_kg_per_ha=p["n_limit_kg_per_ha"])
            for p in farm["natural_land"]
        ],
    )


def _lot(lot: dict[str, Any], farm: Farm) -> Lot:
    origin, via = lot["origin"], lot["intermediary"] or {}
    return Lot(
        farm=farm,
        kind=lot["kind"],
        tonnes=lot["tonnes"],
        n_kg_per_t=lot["n_kg_per_t"],
        p2o5_kg_per_t=lot["p2o5_kg_per_t"] or 0.0,
        k2o_kg_per_t=lot["k2o_kg_per_t"] or 0.0,
        analysis_source=AnalysisSource.MEASURED,
        origin_status=FarmStatus(origin["status"]),
        **{flag: origin.get(flag) for flag in ORIGIN_FIELDS},
        available_from=OPEN_SINCE,
        max_distance_km=lot["max_distance_km"],
        lat=lot["lat"],
        lon=lot["lon"],
        intermediary_name=via.get("name"),
        intermediary_skal_approved=via.get("skal_approved"),
        intermediary_valid_until=_day(via.get("valid_until")),
    )


def _request(request: dict[str, Any], farm: Farm) -> Request:
    return Request(
        farm=farm,
        n_kg=request["n_kg"],
        kinds=request["kinds"],
        accept_nonorganic=bool(request["accept_nonorganic"]),
        max_distance_km=request["max_distance_km"],
        wanted_from=OPEN_SINCE,
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
