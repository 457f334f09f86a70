"""The listings a coordinator has to check: every lot (aanbod) and request (vraag) still in
trade that carries a plausibility flag (`matching.rules.plausibility`).

A flag never refuses a listing: it is saved, its farmer warned, and the coordinator checks it
with the farm (proof of origin, the livestock, the land, a figure confirmed as unusual). The
flags are on each listing's own page; this list gathers them for the coordinator, and the farms
overview counts them per farm (`by_farm`). A listing withdrawn, past its last day or fully
delivered is left out: nothing of it is still to trade, so nothing is left to check before
it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from market.models import BalanceStatus, Farm, ListingStatus, Lot, Request
from market.proposals.services.balance import Balance, lot_balances, request_balances

L = TypeVar("L", Lot, Request)


@dataclass(frozen=True)
class FlaggedListing:
    """One flagged listing: `side` is "lot" or "request"."""

    listing: Lot | Request
    side: str

    @property
    def farm(self) -> Farm:
        return self.listing.farm


@dataclass(frozen=True)
class FarmFlags:
    """What a farm has to check on its listings: how many lots and requests carry a flag, and
    the flags' codes, each once, in the order the listings carry them."""

    lots: int
    requests: int
    codes: list[str]


def flagged_listings(session: Session, on: date) -> list[FlaggedListing]:
    """The flagged listings still in trade `on` that day, by farm name, lots first."""
    lots = _flagged(session, Lot, Lot.available_until, on)
    requests = _flagged(session, Request, Request.wanted_until, on)
    found = [FlaggedListing(lot, "lot") for lot in _undelivered(lots, lot_balances(session, lots))]
    asked = _undelivered(requests, request_balances(session, requests))
    found += [FlaggedListing(request, "request") for request in asked]
    return sorted(found, key=lambda row: (row.farm.name, row.farm.id, row.side, row.listing.id))


def by_farm(rows: Iterable[FlaggedListing]) -> dict[int, FarmFlags]:
    """`FarmFlags` of each farm with a flagged listing among `rows`, by farm id."""
    grouped: dict[int, list[FlaggedListing]] = {}
    for row in rows:
        grouped.setdefault(row.farm.id, []).append(row)
    return {farm_id: _summary(farm_rows) for farm_id, farm_rows in grouped.items()}


def _summary(rows: Sequence[FlaggedListing]) -> FarmFlags:
    lots = sum(1 for row in rows if row.side == "lot")
    codes = [code for row in rows for code in row.listing.flags]
    return FarmFlags(lots, len(rows) - lots, list(dict.fromkeys(codes)))


def _flagged(
    session: Session, model: type[L], until: InstrumentedAttribute[Any], on: date
) -> list[L]:
    """Open listings of `model` whose last day (`until`, none: open-ended) is not before
    `on`, with a flag. The flags are a JSON list, tested here rather than in SQL, which
    SQLite and PostgreSQL read differently."""
    query = (
        select(model)
        .where(model.status == ListingStatus.OPEN, or_(until.is_(None), until >= on))
        .options(joinedload(model.farm))
    )
    return [listing for listing in session.scalars(query) if listing.flags]


def _undelivered(listings: list[L], balances: dict[int, Balance]) -> list[L]:
    return [row for row in listings if balances[row.id].status is not BalanceStatus.DELIVERED]
