"""Browsing the market: open lots and requests filtered by kind, category, distance,
organic origin and period, each at what is still open.

As on the front page, a hit is a listing with something open, at its open tonnes (a lot) or
open kg N (a request): offered less what approved proposals and deliveries hold
(`market.proposals.services.balance`, read in bulk for the hits that pass the filters); a
fully taken listing is left out.

The category is derived per lot with the engine's `classify_lot` (never stored), so the
category filter runs in Python after the query; the distance is the great-circle distance
from the viewer's farm (as the crow flies, km), the same measure the engine starts from.
The filters arrive as the `BrowseFilter` schema, checked by the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from market.listings.filters import BrowseFilter
from market.listings.services.listings import lot_origin
from market.models import Farm, FarmStatus, ListingStatus, Lot, Request
from market.proposals.services.balance import lot_balances, request_balances, still_open
from matching.rules import classify_lot, great_circle_km


@dataclass(frozen=True)
class Hit:
    """One listing on the browse page with what the filters derived for it and what is still
    open of it: a lot's tonnes, a request's kg N."""

    listing: Lot | Request
    category: str | None
    km: float | None
    open: float


def find_lots(
    session: Session, filters: BrowseFilter, home: tuple[float, float] | None
) -> list[Hit]:
    """Lots matching `filters` with tonnes still open, nearest first when the viewer has a
    farm."""
    query = _open(Lot, filters, (Lot.available_from, Lot.available_until), Lot.origin_status)
    if filters.kind:
        query = query.where(Lot.kind == filters.kind)
    found = []
    for lot in session.scalars(query):
        category = classify_lot(lot.kind, lot_origin(lot)).category
        km = _km(home, _lot_place(lot))
        if filters.category in (None, category) and _near(filters, km):
            found.append((lot, category, km))
    open_t = still_open(lot_balances(session, [lot for lot, _, _ in found]))
    return _nearest(
        [Hit(lot, category, km, open_t[lot.id]) for lot, category, km in found if lot.id in open_t]
    )


def find_requests(
    session: Session, filters: BrowseFilter, home: tuple[float, float] | None
) -> list[Hit]:
    """Requests matching `filters` with kg N still open; a kind filter keeps requests that
    accept the kind."""
    period = (Request.wanted_from, Request.wanted_until)
    rows = session.scalars(_open(Request, filters, period, Farm.status)).unique()
    found = []
    for row in rows:
        km = _km(home, (row.farm.lat, row.farm.lon))
        accepts = filters.kind is None or row.kinds is None or filters.kind in row.kinds
        if accepts and _near(filters, km):
            found.append((row, km))
    asked_open = still_open(request_balances(session, [row for row, _ in found]))
    return _nearest(
        [Hit(row, None, km, asked_open[row.id]) for row, km in found if row.id in asked_open]
    )


def _open(
    model: type[Lot] | type[Request], filters: BrowseFilter, period: tuple[Any, Any], origin: Any
) -> Select[Any]:
    """Open listings of `model` in the filters' period, by farm name; `period` holds the
    listing's first and last day columns, `origin` the certification the organic filter reads."""
    query = (
        select(model)
        .join(model.farm)
        .where(model.status == ListingStatus.OPEN, *_period(*period, filters))
        .options(joinedload(model.farm))
        .order_by(Farm.name, model.id)
    )
    return query.where(origin == FarmStatus.ORGANIC) if filters.organic else query


def _period(start_column: Any, end_column: Any, filters: BrowseFilter) -> list[Any]:
    """A listing overlaps the period when it starts before its end and ends after its start."""
    conditions = []
    if filters.end is not None:
        conditions.append(start_column <= filters.end)
    if filters.start is not None:
        conditions.append(or_(end_column.is_(None), end_column >= filters.start))
    return conditions


def _lot_place(lot: Lot) -> tuple[float, float]:
    """A lot lies at its own location (a storage site) when it has one, else at its farm."""
    if lot.lat is not None and lot.lon is not None:
        return (lot.lat, lot.lon)
    return (lot.farm.lat, lot.farm.lon)


def _km(home: tuple[float, float] | None, there: tuple[float, float]) -> float | None:
    return great_circle_km(home, there) if home is not None else None


def _near(filters: BrowseFilter, km: float | None) -> bool:
    """Within the filters' distance (always, without a distance or a farm to measure from)."""
    return filters.max_km is None or km is None or km <= filters.max_km


def _nearest(hits: list[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda hit: hit.km if hit.km is not None else 0.0)
