"""Rows → instance document: the one translation from the ORM to the engine's JSON format.

The document follows ../shared/domain/INSTANCE.md. Database ids become the document's ids
with a prefix (farm 7 → "F7", lot 12 → "L12", request 3 → "R3") so a flow maps straight
back to its rows. Next to the instance the snapshot keeps `listing_versions` (the `version`
of every lot and request the run saw): the optimistic check that marks a proposal stale when
its listing changed during or after the run. `instance_document` strips it again before the
engine sees the document.

Issue 11: each lot carries its outlet cost (the farmer's ?? the run's ?? its kind's,
`matching.rules.outlets`) and its availability window; each request its wanted window from
the run's day, narrowed to the legal spreading period of its land use and the kinds it takes
(`matching.rules.calendar` says how, and why that is exact or strict); a run with whole loads
gets `params.loads` and each lot the tonnes of its kind's truck (`load_t`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from market.accounts.services.farms import farm_own_manure_n_kg
from market.listings.services.listings import lot_origin
from market.models import Farm, FarmStatus, ListingStatus, Lot, Request
from market.proposals.services.balance import TOLERANCE, lot_balances, request_balances
from market.proposals.services.refused import refused_pairs
from market.proposals.services.season import Receipts, Season, season
from matching.rules.calendar import (
    accepted_classes,
    closed_window,
    period_class,
    request_window,
)
from matching.rules.nitrogen import exemption_in_force
from matching.rules.outlets import default_capacity_t, load_t, outlet_eur_per_t
from matching.vocabulary import INSTANCE_FORMAT

VERSIONS_KEY = "listing_versions"
PARAM_NAMES = (
    "n_cap_kg_per_ha",
    "a_share_min",
    "n_value_eur_per_kg",
    "transport_eur_per_t_km",
    "road_factor",
    "max_distance_km",
)
#: The lot and request columns named as in INSTANCE.md, which go into the document as stored.
LOT_COLUMNS = (
    "kind",
    "tonnes",
    "n_kg_per_t",
    "p2o5_kg_per_t",
    "k2o_kg_per_t",
    "max_distance_km",
    "lat",
    "lon",
)
REQUEST_COLUMNS = ("n_kg", "kinds", "accept_nonorganic", "max_distance_km")


def build_snapshot(
    session: Session, scope: Mapping[str, Any], params: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """The instance for a run's scope, plus the listing versions it was built from.

    The run solves the open market (`market.proposals.services.balance`): each lot offers its
    open tonnes and each request asks its open kg N, and a listing with nothing open is left
    out; each farm's N room, A-share, phosphate room and R5 side count what the year's live
    proposals and deliveries already hold (`farm_document`).
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
    year = season(session, on.year)
    calendar = Calendar.of(lots, on)
    return {
        "format": INSTANCE_FORMAT,
        "date": on.isoformat(),
        "params": instance_params(params, scope),
        "farms": [farm_document(farm, on, year) for _, farm in sorted(farms.items())],
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


@dataclass(frozen=True)
class Calendar:
    """What narrowing the requests' windows needs: the run's day, the classes of kind some lot
    offers, and the first day of any lot's window (for a request with no legal day)."""

    on: date
    offered: frozenset[str]
    earliest: date

    @classmethod
    def of(cls, lots: list[Lot], on: date) -> Calendar:
        offered = frozenset(period_class(lot.kind) for lot in lots)
        return cls(on, offered, min([on, *(lot.available_from for lot in lots)]))


def farm_key(farm_id: int) -> str:
    return f"F{farm_id}"


def lot_key(lot_id: int) -> str:
    return f"L{lot_id}"


def request_key(request_id: int) -> str:
    return f"R{request_id}"


def row_id(key: str) -> int:
    """The database id behind a document id ("L12" → 12)."""
    return int(key[1:])


def farm_document(farm: Farm, on: date, year: Season) -> dict[str, Any]:
    """A farm's land, own manure and its side of the season `year` (the run's calendar year).

    What the year's live proposals and deliveries brought in counts as N from other
    fertilisers (`other_n_kg`, `other_a_n_kg`: the A-share, R8), as animal N in the N room
    (`received_animal_n_kg`, R1/R2; docs/engine.md) and against the phosphate room left; a
    farm that exported organic manure or imported non-organic animal manure, committed or
    delivered, has taken its R5 side for the year.
    """
    got = year.receipts.get(farm.id, Receipts())
    p2o5_room = None if farm.p2o5_room_kg is None else max(0.0, farm.p2o5_room_kg - got.p2o5_kg)
    return {
        "id": farm_key(farm.id),
        "name": farm.name,
        "status": farm.status.value,
        "lat": farm.lat,
        "lon": farm.lon,
        "area_ha": farm.area_ha,
        "natural_land": [
            {"ha": parcel.ha, "n_limit_kg_per_ha": parcel.n_limit_kg_per_ha}
            for parcel in farm.parcels
        ],
        "own_manure_n_kg": farm_own_manure_n_kg(farm),
        "own_manure_status": farm.own_manure_status.value,
        "other_n_kg": farm.other_n_kg + got.n_kg,
        "other_a_n_kg": farm.other_a_n_kg + min(got.a_n_kg, got.n_kg),
        "received_animal_n_kg": got.animal_n_kg,
        "a_share_min": exemption_in_force(
            farm.a_share_min_exemption, farm.a_share_exemption_valid_until, on
        ),
        "p2o5_room_kg": p2o5_room,
        "exported_organic_this_year": farm.id in year.exported_organic,
        "imported_nonorganic_this_year": farm.id in year.imported_nonorganic,
    }


def lot_document(lot: Lot, scope: Mapping[str, Any]) -> dict[str, Any]:
    """INSTANCE.md's `lots[]` item: the stored columns, the origin facts, the intermediary,
    the outlet cost, the availability window and, with whole loads, the truck's tonnes."""
    extra = {
        "origin": lot_origin(lot),
        "intermediary": _intermediary(lot),
        "outlet_eur_per_t": outlet_eur_per_t(
            lot.kind, lot.outlet_eur_per_t, scope.get("outlet_eur_per_t")
        ),
        "available_from": lot.available_from.isoformat(),
        "available_until": _iso(lot.available_until),
    }
    if scope.get("loads"):
        extra["load_t"] = load_t(lot.kind)
    return _listing_document(lot, lot_key, LOT_COLUMNS) | extra


def request_document(request: Request, calendar: Calendar) -> dict[str, Any]:
    """INSTANCE.md's `requests[]` item: the stored columns and the wanted window, narrowed to
    the legal spreading period (`matching.rules.calendar.request_window`)."""
    classes = accepted_classes(request.kinds, calendar.offered)
    wanted = (request.wanted_from, request.wanted_until)
    window = request_window(classes, request.land_use, wanted, calendar.on)
    first, last = window or closed_window(calendar.earliest)
    dates = {"wanted_from": first.isoformat(), "wanted_until": _iso(last)}
    return _listing_document(request, request_key, REQUEST_COLUMNS) | dates


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _listing_document(
    listing: Lot | Request, key: Callable[[int], str], columns: tuple[str, ...]
) -> dict[str, Any]:
    head = {"id": key(listing.id), "farm": farm_key(listing.farm_id)}
    return head | {name: getattr(listing, name) for name in columns}


def _intermediary(lot: Lot) -> dict[str, Any] | None:
    if not lot.intermediary_name:
        return None
    valid_until = lot.intermediary_valid_until
    return {
        "name": lot.intermediary_name,
        "skal_approved": bool(lot.intermediary_skal_approved),
        "valid_until": valid_until.isoformat() if valid_until else None,
    }


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
