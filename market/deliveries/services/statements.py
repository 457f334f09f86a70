"""Statements of non-availability (verklaring niet-beschikbaarheid): no organic manure within
reach, so a receiving farm may bring in non-organic manure (B).

R6 lets an organic farm import non-organic animal manure only when it cannot get organic
manure; the farm shows this with a dated, numbered statement. The market judges every open
lot of animal manure of another approved farm against the request with the rules the engine
applies to an arc (INSTANCE.md, "The model"): what is still open of it (the listing's balance,
`balance.lot_balances`: offered less committed and delivered, as the API and the runs read
it), the lot's classification (`classify_lot`: is it organic manure, is it placeable), the
kinds asked for, the distance (road factor × great-circle km against every limit that is
set, inclusive), the periods, and the intermediary's Skal declaration. A lot that passes all
of them is organic manure within reach, and then no statement is issued. Each lot considered
is kept with its open and offered tonnes and its reasons, so the statement says why each one
could not serve and can be re-read as it was issued.

A statement speaks for one request on one day. Asked again the same day while the market
holds the same (the same terms and the same lots with the same reasons), the farm gets the
statement already issued, not a second number for the same finding (`todays_statement`).

Reasons are message ids with parameters (`REASONS`: English, translated where shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from market.core.locks import lock_listings
from market.core.validation import N_, FieldError, ValidationError
from market.deliveries.services.paper_numbers import next_serial, paper_number
from market.listings.services.listings import lot_origin
from market.models import Farm, ListingStatus, Lot, PaperSeries, Request, Statement
from market.proposals.services.balance import TOLERANCE, Balance, lot_balances
from matching.rules import LotClass, classify_lot, great_circle_km

#: Why a lot could not serve the request: message id → English text (`%(name)s` parameters).
REASONS = {
    "none_open": N_("Nothing open: all %(offered)s t are committed or delivered."),
    "not_organic": N_("Not organic manure (category %(category)s)."),
    "not_placeable": N_("Category C: not allowed on an organic farm."),
    "kind_not_accepted": N_("%(kind)s is not among the kinds asked for."),
    "too_far": N_("%(km)s km away by road; at most %(limit)s km."),
    "window": N_("Available %(start)s to %(end)s: outside the period asked for."),
    "intermediary": N_("Its intermediary holds no valid Skal declaration."),
}


@dataclass(frozen=True)
class Availability:
    """What the market held for a request on `on`: `terms` it was judged by and every lot
    considered (`lots`, nearest first, each with its `reasons`; none = it could serve)."""

    on: date
    terms: dict[str, Any]
    lots: list[dict[str, Any]]

    @property
    def available(self) -> list[dict[str, Any]]:
        """The lots of organic manure that could serve the request: no statement then."""
        return [lot for lot in self.lots if not lot["reasons"]]


def availability(
    session: Session, request: Request, policy: Mapping[str, Any], on: date
) -> Availability:
    """Judge every open lot of animal manure of other approved farms against `request`.

    `policy` holds `road_factor` and `max_distance_km` (settings.policy); `on` is the
    farms' local date. Lots without animal manure (plant material, minerals) are not
    considered: the statement speaks of manure.
    """
    terms = request_terms(request, policy)
    manure = _manure(session, request)
    balances = lot_balances(session, (lot for lot, _ in manure))
    judged = [
        _judged(lot, lot_class, balances[lot.id], request, terms, on) for lot, lot_class in manure
    ]
    return Availability(on, terms, sorted(judged, key=lambda lot: (lot["km"], lot["lot_id"])))


@dataclass(frozen=True)
class Issued:
    """The statement for a request, and whether this call numbered it (`new`) or found the
    one already issued today on the same findings."""

    statement: Statement
    new: bool


def issue_statement(
    session: Session,
    request: Request,
    policy: Mapping[str, Any],
    on: date,
    user_id: int | None,
) -> Issued:
    """A numbered statement for `request` as the market stands; flushed, not committed.

    The request's row is locked first, so two clicks at once cannot both number one; when
    a statement was issued on `on` on the same findings, that one is returned instead. The
    year's counter is taken last, after every check (`number_statement`: gap-free per year).
    Raises `ValidationError` on `request_id`: `statement_request_closed` for a request that
    is not open, `organic_available` (with `count`) when organic manure could serve it.
    """
    lock_listings(session, request_ids=[request.id])
    if request.status is not ListingStatus.OPEN:
        raise ValidationError({"request_id": FieldError("statement_request_closed")})
    found = availability(session, request, policy, on)
    if found.available:
        count = len(found.available)
        raise ValidationError({"request_id": FieldError("organic_available", {"count": count})})
    same = todays_statement(session, request, found)
    if same is not None:
        return Issued(same, new=False)
    statement = Statement(
        farm_id=request.farm_id,
        request_id=request.id,
        created_by_id=user_id,
        issued_on=on,
        terms=found.terms,
        lots=found.lots,
    )
    return Issued(number_statement(session, statement), new=True)


def number_statement(session: Session, statement: Statement) -> Statement:
    """`statement`, numbered and added: the next serial of its year (of `issued_on`) in the
    statements' register, "VNB-<year>-<serial>"; flushed. The counter stays locked until the
    transaction ends: call it once nothing can refuse the statement."""
    year = statement.issued_on.year
    serial = next_serial(session, PaperSeries.STATEMENT, year)
    statement.year, statement.serial = year, serial
    statement.number = paper_number(PaperSeries.STATEMENT, year, serial)
    session.add(statement)
    session.flush()
    return statement


def todays_statement(session: Session, request: Request, found: Availability) -> Statement | None:
    """The statement issued for `request` on `found.on` that records exactly `found` (the
    same terms, the same lots with the same figures and reasons), if any: asking again
    changes nothing an inspector would read, so it is the same statement."""
    query = select(Statement).where(
        Statement.request_id == request.id, Statement.issued_on == found.on
    )
    for statement in session.scalars(query.order_by(Statement.id.desc())):
        if statement.terms == found.terms and statement.lots == found.lots:
            return statement
    return None


def statements_for(session: Session, request: Request) -> list[Statement]:
    """The statements issued for `request`, newest first."""
    query = select(Statement).where(Statement.request_id == request.id)
    return list(session.scalars(query.order_by(Statement.id.desc())))


def request_terms(request: Request, policy: Mapping[str, Any]) -> dict[str, Any]:
    """The request's terms and the policy figures a statement is judged by (JSON-ready)."""
    return {
        "request_id": request.id,
        "n_kg": request.n_kg,
        "kinds": request.kinds,
        "wanted_from": request.wanted_from.isoformat(),
        "wanted_until": _day(request.wanted_until),
        "max_distance_km": request.max_distance_km,
        "policy_max_distance_km": policy["max_distance_km"],
        "road_factor": policy["road_factor"],
        "accept_nonorganic": request.accept_nonorganic,
    }


def _manure(session: Session, request: Request) -> list[tuple[Lot, LotClass]]:
    """Open lots of other approved farms whose N is (partly) animal manure, classified."""
    query = (
        select(Lot)
        .join(Lot.farm)
        .where(
            Lot.status == ListingStatus.OPEN,
            Farm.approved.is_(True),
            Lot.farm_id != request.farm_id,
        )
        .options(joinedload(Lot.farm))
        .order_by(Lot.id)
    )
    classified = ((lot, classify_lot(lot.kind, lot_origin(lot))) for lot in session.scalars(query))
    return [(lot, lot_class) for lot, lot_class in classified if lot_class.animal_fraction > 0]


def _judged(
    lot: Lot,
    lot_class: LotClass,
    balance: Balance,
    request: Request,
    terms: Mapping[str, Any],
    on: date,
) -> dict[str, Any]:
    """One lot as the statement keeps it: what it was, what was open of it (`balance`) and
    why it could not serve."""
    km = terms["road_factor"] * great_circle_km(_place(lot), (request.farm.lat, request.farm.lon))
    distance = (km, terms["policy_max_distance_km"])
    return {
        "lot_id": lot.id,
        "farm": lot.farm.name,
        "kind": lot.kind,
        "category": lot_class.category,
        "a_fraction": lot_class.a_fraction,
        "organic_manure": lot_class.organic_manure,
        "tonnes": lot.tonnes,
        "open_tonnes": balance.open,
        "km": round(km, 1),
        "available_from": lot.available_from.isoformat(),
        "available_until": _day(lot.available_until),
        "reasons": _reasons(lot, lot_class, balance, request, distance, on),
    }


def _reasons(
    lot: Lot,
    lot_class: LotClass,
    balance: Balance,
    request: Request,
    distance: tuple[float, float | None],
    on: date,
) -> list[dict[str, Any]]:
    """Every rule that keeps `lot` from the request, in the order an inspector reads them;
    `distance` is the road km and the policy's limit (None: none). A lot with nothing open
    cannot serve whatever else holds (the balance's own tolerance)."""
    km, policy_limit = distance
    reasons: list[dict[str, Any]] = []
    if balance.open <= TOLERANCE:
        reasons.append(_reason("none_open", offered=lot.tonnes))
    if not lot_class.organic_manure:
        reasons.append(_reason("not_organic", category=lot_class.category))
    elif not lot_class.placeable:
        reasons.append(_reason("not_placeable"))
    if request.kinds is not None and lot.kind not in request.kinds:
        reasons.append(_reason("kind_not_accepted", kind=lot.kind))
    limit = _limit(lot, request, policy_limit)
    if limit is not None and km > limit:
        reasons.append(_reason("too_far", km=round(km, 1), limit=limit))
    if not _overlaps(lot, request, on):
        start, end = lot.available_from.isoformat(), _day(lot.available_until)
        reasons.append(_reason("window", start=start, end=end))
    if not _intermediary_valid(lot, on):
        reasons.append(_reason("intermediary"))
    return reasons


def _reason(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def _place(lot: Lot) -> tuple[float, float]:
    """A lot lies at its own location when both coordinates are set, else at its farm."""
    if lot.lat is not None and lot.lon is not None:
        return (lot.lat, lot.lon)
    return (lot.farm.lat, lot.farm.lon)


def _limit(lot: Lot, request: Request, policy_limit: float | None) -> float | None:
    """The smallest distance limit that is set (policy, lot, request); None: no limit."""
    limits = (policy_limit, lot.max_distance_km, request.max_distance_km)
    set_limits = [value for value in limits if value is not None]
    return min(set_limits) if set_limits else None


def _overlaps(lot: Lot, request: Request, on: date) -> bool:
    """The lot is available at some day the request wants manure, from `on` on."""
    start = max(request.wanted_from, on)
    ends_after = lot.available_until is None or lot.available_until >= start
    starts_before = request.wanted_until is None or lot.available_from <= request.wanted_until
    return ends_after and starts_before


def _intermediary_valid(lot: Lot, on: date) -> bool:
    """No intermediary, or one approved by Skal whose declaration runs on `on` (INSTANCE.md
    clarification 5: the last day counts, no date is no expiry)."""
    if not lot.intermediary_name:
        return True
    until = lot.intermediary_valid_until
    return bool(lot.intermediary_skal_approved) and (until is None or until >= on)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
