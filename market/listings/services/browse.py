"""Browsing the market: open lots and requests filtered by kind, category, distance,
organic origin and period.

The category is derived per lot with the engine's `classify_lot` (never stored), so the
category filter runs in Python after the query; the distance is the great-circle distance
from the viewer's farm (as the crow flies, km), the same measure the engine starts from.
The filters arrive as the `BrowseFilter` schema, checked by the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from market.listings.filters import BrowseFilter
from market.listings.services.listings import lot_origin
from market.models import Farm, FarmStatus, ListingStatus, Lot, Request
from matching.rules import classify_lot, great_circle_km


@dataclass(frozen=True)
class Hit:
    """One listing on the browse page with what the filters derived for it."""

    listing: Lot | Request
    category: str | None
    km: float | None


def find_lots(
    session: Session, filters: BrowseFilter, home: tuple[float, float] | None
) -> list[Hit]:
    """Open lots matching `filters`, nearest first when the viewer has a farm."""
    query = _open(Lot, filters, (Lot.available_from, Lot.available_until), Lot.origin_status)
    if filters.kind:
        query = query.where(Lot.kind == filters.kind)
    hits = [
        Hit(lot, classify_lot(lot.kind, lot_origin(lot)).category, _km(home, _lot_place(lot)))
        for lot in session.scalars(query)
    ]
    return _keep(hits, filters, category=filters.category)


def find_requests(
    session: Session, filters: BrowseFilter, home: tuple[float, float] | None
) -> list[Hit]:
    """Open requests matching `filters`; a kind filter keeps requests that accept the kind."""
    period = (Request.wanted_from, Request.wanted_until)
    rows = session.scalars(_open(Request, filters, period, Farm.status)).unique()
    hits = [
        Hit(row, None, _km(home, (row.farm.lat, row.farm.lon)))
        for row in rows
        if filters.kind is None or row.kinds is None or filters.kind in row.kinds
    ]
    return _keep(hits, filters, category=None)


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


def _keep(hits: Sequence[Hit], filters: BrowseFilter, *, category: str | None) -> list[Hit]:
    kept = [
        hit
        for hit in hits
        if (category is None or hit.category == category)
        and (filters.max_km is None or hit.km is None or hit.km <= filters.max_km)
    ]
    return sorted(kept, key=lambda hit: hit.km if hit.km is not None else 0.0)
