"""Rows → instance document: the one translation from the ORM to the engine's JSON format.

The document follows ../shared/domain/INSTANCE.md: this module picks a run's rows and puts
the document together, `worker.documents` writes each farm, lot and request item. Next to the
instance the snapshot keeps `listing_versions` (the `version` of every lot and request the
run saw): the optimistic check that marks a proposal stale when its listing changed during or
after the run. `instance_document` strips it again before the engine sees the document.

A run with whole loads gets `params.loads` (issue 11).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from market.deliveries.services.papers import year_moved
from market.models import Farm, FarmStatus, ListingStatus, Lot, Request
from market.proposals.services.balance import TOLERANCE, lot_balances, request_balances
from market.proposals.services.refused import refused_pairs
from market.proposals.services.season import season
from matching.rules.outlets import default_capacity_t
from matching.vocabulary import INSTANCE_FORMAT
from worker.documents import (
    Calendar,
    farm_document,
    lot_document,
    lot_key,
    request_document,
    request_key,
)

VERSIONS_KEY = "listing_versions"
PARAM_NAMES = (
    "n_cap_kg_per_ha",
    "a_share_min",
    "n_value_eur_per_kg",
    "transport_eur_per_t_km",
    "road_factor",
    "max_distance_km",
)


def build_snapshot(
    session: Session, scope: Mapping[str, Any], params: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """The instance for a run's scope, plus the listing versions it was built from.

    The run solves the open market (`market.proposals.services.balance`): each lot offers its
    open tonnes and each request asks its open kg N, and a listing with nothing open is left
    out; each farm's N room, A-share, phosphate room and R5 side count what the year's live
    proposals and deliveries already hold, less the manure it passed on, and its own manure
    what its deliveries of the year sent out (`farm_document`, over `year_moved`).
    """
    with _collector_paused():
        return _snapshot(session, scope, params, _scope_day(scope, "from") or today)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the snapshot's rows load. Loading thousands of ORM
    objects triggers full collections that walk every object of the process and free
    nothing (all of them are alive until the document is built): at 2,000 farms they took
    half of the snapshot's time (0.13 of 0.26 s, `benchmarks/pipeline.py`). What becomes
    garbage meanwhile is collected once it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _snapshot(
    session: Session, scope: Mapping[str, Any], params: Mapping[str, Any], on: date
) -> dict[str, Any]:
    lots = list(session.scalars(_open_lots(scope, on)))
    requests = list(session.scalars(_open_requests(scope, on)))
    lot_open = {i: b.open for i, b in lot_balances(session, lots).items()}
    request_open = {i: b.open for i, b in request_balances(session, requests).items()}
    lots = [lot for lot in lots if lot_open[lot.id] > TOLERANCE]
    requests = [req for req in requests if request_open[req.id] > TOLERANCE]
    farms = {lot.farm.id: lot.farm for lot in lots} | {req.farm.id: req.farm for req in requests}
    year, moved = season(session, on.year), year_moved(session, on.year)
    calendar = Calendar.of(lots, on)
    return {
        "format": INSTANCE_FORMAT,
        "date": on.isoformat(),
        "params": instance_params(params, scope),
        "farms": [farm_document(farm, on, year, moved) for _, farm in sorted(farms.items())],
        "lots": [lot_document(lot, scope) | {"tonnes": lot_open[lot.id]} for lot in lots],
        "requests": [
            request_document(req, calendar) | {"n_kg": request_open[req.id]} for req in requests
        ],
        "distances": [],
        "excluded_pairs": [
            {"lot": lot_key(lot_id), "request": request_key(request_id), "reason": reason}
            for (lot_id, request_id), reason in sorted(
                refused_pairs(session, [x.id for x in lots], [r.id for r in requests]).items()
            )
        ],
        VERSIONS_KEY: {
            "lots": {lot_key(lot.id): lot.version for lot in lots},
            "requests": {request_key(req.id): req.version for req in requests},
        },
    }


def instance_document(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's part of a snapshot: everything but the listing versions."""
    return {key: value for key, value in snapshot.items() if key != VERSIONS_KEY}


def instance_params(params: Mapping[str, Any], scope: Mapping[str, Any]) -> dict[str, Any]:
    """The run's policy numbers as the instance's `params` (minimum delivery off by default),
    with `loads` when the run's scope has whole loads (every lot states its `load_t`)."""
    values: dict[str, Any] = {name: params[name] for name in PARAM_NAMES}
    values["min_delivery_t"] = params.get("min_delivery_t")
    prices = scope.get("loads")
    if prices:
        values["loads"] = {"capacity_t": default_capacity_t(), **prices}
    return values


def _scope_day(scope: Mapping[str, Any], key: str) -> date | None:
    value = scope.get(key)
    return date.fromisoformat(value) if value else None


def _open_lots(scope: Mapping[str, Any], on: date) -> Select[Lot]:
    """Open lots of approved farms in the region, available at some time in the period."""
    until = _scope_day(scope, "until")
    query = _in_scope(select(Lot), Lot, scope).where(
        or_(Lot.available_until.is_(None), Lot.available_until >= on)
    )
    if until is not None:
        query = query.where(Lot.available_from <= until)
    return query.options(_farm_details(Lot)).order_by(Lot.id)


def _open_requests(scope: Mapping[str, Any], on: date) -> Select[Request]:
    """Open requests of approved organic or conversion farms, wanted in the period.

    A conventional farm cannot receive (its request would make the instance invalid); the
    listing service refuses such requests, this also covers a farm whose status changed.
    """
    until = _scope_day(scope, "until")
    query = _in_scope(select(Request), Request, scope).where(
        Farm.status != FarmStatus.CONVENTIONAL,
        or_(Request.wanted_until.is_(None), Request.wanted_until >= on),
    )
    if until is not None:
        query = query.where(Request.wanted_from <= until)
    return query.options(_farm_details(Request)).order_by(Request.id)


def _in_scope(
    query: Select[Any], listing: type[Lot] | type[Request], scope: Mapping[str, Any]
) -> Select[Any]:
    query = query.join(listing.farm).where(
        listing.status == ListingStatus.OPEN, Farm.approved.is_(True)
    )
    region = scope.get("region")
    return query.where(Farm.province == region) if region else query


def _farm_details(listing: type[Lot] | type[Request]) -> Any:
    """Load each farm's parcels and livestock with the listings (no query per farm)."""
    return selectinload(listing.farm).options(
        selectinload(Farm.parcels), selectinload(Farm.livestock)
    )
