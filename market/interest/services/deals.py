"""Deals agreed between two farms in a thread, recorded as proposals the coordinator confirms.

Either farm offers "X t at €Y/t" (one lot of the supplier to one request of the receiver);
when the other farm agrees, the deal becomes a `Proposal` with review_status `proposed`, so it
feeds the same ledger as a run's: the coordinator approves it through the guarded review
(`market.proposals.services.capacity.review`, which checks the balance across every run and
delivery), then both farms accept it as usual and the receiver books the delivery.

**The deal run.** A proposal belongs to a run, so each agreed deal gets a `MatchRun` of its
own (a deal is one pair; one run per deal keeps the unique (run, lot, request) of proposals
free for the next deal between the same listings). It is made here, not by
`market.runs.services.runs.create_run` (which makes queued runs for the worker): it is
`solved` and `done` at once, `solver` "deal", and both its `scope` and its `stats` carry the
marker `{"source": "deal", "thread_id": ..., "offer_id": ...}` (`is_deal_run`), so pages and
exports can tell it from an optimisation. No worker ever claims it (only queued runs are
claimed).

**The rules** are the engine's: an offer is refused when no run could make the pair
(`market.proposals.services.pair_rules`: kinds, distances, windows and the spreading calendar,
category C, the intermediary, R5/R6.3/R9 for non-organic manure), when the lot or the request
has too little open, or when it would overfill the receiving farm's N room or push its A-share
below the minimum (`farm_accounts.farm_problem`, R1, R2, R8); the farm's answer asks again, and
so does the coordinator's approval, under the rows' locks.

**The figures** are the calculator's (`market.accounts.services.calculator.lot_effect`: N,
its A part and animal part) and the engine's distance (great-circle km between the lot's
place and the receiving farm × `road_factor`); the transport cost is
`transport_eur_per_t_km` × km × t, all from `settings.policy`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from market.accounts.services.calculator import LotEffect, lot_effect
from market.core.locks import lock_farms, lock_listings
from market.core.schemas.units import KG_PATTERN, TENTHS_PATTERN
from market.core.validation import FieldError, Figure, ValidationError
from market.interest.schemas import OfferInput
from market.interest.services.threads import touch
from market.listings.services.listings import lot_origin
from market.models import (
    DealOffer,
    ListingStatus,
    Lot,
    MatchRun,
    OfferStatus,
    Proposal,
    Request,
    RunPhase,
    RunStatus,
    Thread,
    utcnow,
)
from market.models.runs import DEAL_SOLVER
from market.proposals.services.balance import TOLERANCE, lot_balance, request_balance
from market.proposals.services.farm_accounts import Change, Flow, farm_problem
from market.proposals.services.pair_rules import check_pair, road_km
from matching.rules import delivery_window

DEAL = DEAL_SOLVER


@dataclass(frozen=True)
class Parties:
    """Which of a thread's farms delivers and which receives."""

    supplier_id: int
    receiver_id: int


def parties(thread: Thread) -> Parties:
    """A thread about a lot: its farm supplies, the interested farm receives; about a
    request the other way round."""
    if thread.lot_id is not None:
        return Parties(thread.owner_farm_id, thread.farm_id)
    return Parties(thread.farm_id, thread.owner_farm_id)


def is_deal_run(run: MatchRun) -> bool:
    """True for the run of an agreed deal (see the module's docstring)."""
    return (run.stats or {}).get("source") == DEAL


def deal_threads(runs: Iterable[MatchRun]) -> dict[int, int | None]:
    """The deal runs among `runs`, by id, each with the thread its deal was agreed in (from
    the marker): pages name them as deals, not as optimisations of all provinces."""
    return {run.id: (run.stats or {}).get("thread_id") for run in runs if is_deal_run(run)}


def make_offer(
    session: Session,
    thread: Thread,
    farm_id: int,
    user_id: int,
    data: OfferInput,
    policy: Mapping[str, float],
    on: date,
) -> DealOffer:
    """`farm_id` (a party) offers a deal on the farms' date `on`; an open offer of the
    thread is superseded.

    Refused (`ValidationError`) when the lot or the request is not the right farm's, not
    open, or has less open than the offer takes, or the deal breaks a rule (`check_deal`)."""
    lot, request = check_listings(thread, *listings_of_offer(session, thread, data.listing_id))
    check_deal(session, lot, request, data.tonnes, policy, on)
    session.execute(
        update(DealOffer)
        .where(DealOffer.thread_id == thread.id, DealOffer.status == OfferStatus.OPEN)
        .values(status=OfferStatus.SUPERSEDED, answered_at=utcnow())
    )
    offer = DealOffer(
        thread=thread,
        farm_id=farm_id,
        user_id=user_id,
        lot_id=lot.id,
        request_id=request.id,
        tonnes=data.tonnes,
        price_eur_per_t=data.price_eur_per_t,
    )
    session.add(offer)
    touch(thread)
    session.flush()
    return offer


def listings_of_offer(
    session: Session, thread: Thread, listing_id: int
) -> tuple[Lot | None, Request | None]:
    """The lot and request an offer in `thread` names: the thread's own listing and
    `listing_id` of the other side."""
    if thread.lot_id is not None:
        return session.get(Lot, thread.lot_id), session.get(Request, listing_id)
    return session.get(Lot, listing_id), session.get(Request, thread.request_id)


def check_listings(thread: Thread, lot: Lot | None, request: Request | None) -> tuple[Lot, Request]:
    """The lot and the request, when the lot is the supplier's and the request the
    receiver's, both open."""
    sides = parties(thread)
    if lot is None or request is None:
        raise ValidationError({"listing_id": FieldError("not_in_thread")})
    if (lot.farm_id, request.farm_id) != (sides.supplier_id, sides.receiver_id):
        raise ValidationError({"listing_id": FieldError("not_in_thread")})
    if lot.status is not ListingStatus.OPEN or request.status is not ListingStatus.OPEN:
        raise ValidationError({"listing_id": FieldError("listing_not_open")})
    return lot, request


class DealRefused(ValidationError):
    """The rules refuse the deal itself (`check_deal`), as opposed to a form the farm
    filled in wrong: the same codes and figures a coordinator's approval gets, which the
    farms' pages word as a deal's refusal (`market.interest.refusals`)."""


def check_deal(
    session: Session,
    lot: Lot,
    request: Request,
    tonnes: float,
    policy: Mapping[str, float],
    on: date,
) -> LotEffect:
    """The figures of `tonnes` t of `lot` for `request`, or `DealRefused`: the pair
    breaks an arc rule (`check_pair`, on `listing_id`), too little is open (`check_open`),
    or the receiving farm's N room (R1, R2) or A-share (R8) would not hold it (`tonnes`)."""
    try:
        check_pair(session, lot, request, policy, on)
        effect = lot_effect(lot.kind, lot_origin(lot), tonnes, lot.n_kg_per_t)
        check_open(session, lot, request, tonnes, effect.n_kg)
    except ValidationError as refused:
        raise DealRefused(refused.errors) from refused
    change = Change(new=Flow(effect.n_kg, effect.a_n_kg, effect.animal_n_kg))
    problem = farm_problem(session, request.farm, policy, on, change)
    if problem is not None:
        raise DealRefused({"tonnes": problem})
    return effect


def check_open(session: Session, lot: Lot, request: Request, tonnes: float, n_kg: float) -> None:
    """The lot must have `tonnes` open and the request `n_kg` (an early answer to the farms;
    the coordinator's guarded review checks again, under the rows' locks)."""
    lot_open = lot_balance(session, lot).open
    if tonnes > lot_open + TOLERANCE:
        shown = {
            "left": Figure(round(lot_open, 1), TENTHS_PATTERN),
            "needs": Figure(round(tonnes, 1), TENTHS_PATTERN),
        }
        raise ValidationError({"tonnes": FieldError("lot_taken", shown)})
    request_open = request_balance(session, request).open
    if n_kg > request_open + TOLERANCE:
        shown = {
            "left": Figure(round(request_open), KG_PATTERN),
            "needs": Figure(round(n_kg), KG_PATTERN),
        }
        raise ValidationError({"tonnes": FieldError("request_taken", shown)})


def answer_offer(
    session: Session,
    offer: DealOffer,
    farm_id: int,
    user_id: int,
    policy: Mapping[str, float],
    on: date,
    *,
    agree: bool,
) -> Proposal | None:
    """The other farm agrees on the farms' date `on` (a proposal is made, returned; the
    rules of `check_deal` asked again) or declines (None).

    The offer's lot and request and both farms are locked first and the offer read again
    (`market.core.locks`), as for every operation that moves a quantity: two "agree" clicks
    at the same moment (two tabs) made two deals of one offer, and two offers on one lot
    agreed at once could each see the same open tonnes. The second waits, then finds the
    offer answered (`offer_not_open`)."""
    lock_listings(session, [offer.lot_id], [offer.request_id])
    lock_farms(session, [offer.lot.farm_id, offer.request.farm_id])
    session.refresh(offer)
    if offer.status is not OfferStatus.OPEN:
        raise ValidationError({"offer": FieldError("offer_not_open")})
    if offer.farm_id == farm_id:
        raise ValidationError({"offer": FieldError("own_offer")})
    offer.answered_at = utcnow()
    touch(offer.thread)
    if not agree:
        offer.status = OfferStatus.DECLINED
        session.flush()
        return None
    check_listings(offer.thread, offer.lot, offer.request)
    check_deal(session, offer.lot, offer.request, offer.tonnes, policy, on)
    offer.status = OfferStatus.AGREED
    offer.proposal = deal_proposal(session, offer, user_id, policy, on)
    session.flush()
    return offer.proposal


def deal_proposal(
    session: Session, offer: DealOffer, user_id: int, policy: Mapping[str, float], on: date
) -> Proposal:
    """The proposal of an agreed offer, in a deal run of its own (see the module), with the
    days delivery is allowed as a run's proposal has them: the first legal spreading stretch
    from `on` within both listings' windows (`matching.rules.delivery_window`; `check_deal`
    has refused a pair without one), so a delivery outside it needs the storage confirmation
    (opgeslagen tot uitrijden) and the paper says so."""
    now = utcnow()
    run = _deal_run(offer, user_id, policy, now)
    lot, request = offer.lot, offer.request
    effect = lot_effect(lot.kind, lot_origin(lot), offer.tonnes, lot.n_kg_per_t)
    km = road_km(lot, request, policy)
    available = (lot.available_from, lot.available_until)
    wanted = (request.wanted_from, request.wanted_until)
    window = delivery_window(lot.kind, request.land_use, available, wanted, on)
    start, end = window if window is not None else (None, None)
    proposal = Proposal(
        run=run,
        lot_id=lot.id,
        request_id=request.id,
        tonnes=offer.tonnes,
        n_kg=effect.n_kg,
        a_n_kg=effect.a_n_kg,
        animal_n_kg=effect.animal_n_kg,
        distance_km=km,
        cost_eur=policy["transport_eur_per_t_km"] * km * offer.tonnes,
        price_eur_per_t=offer.price_eur_per_t,
        lot_version=lot.version,
        request_version=request.version,
        delivery_from=start,
        delivery_until=end,
        created_at=now,
    )
    session.add(proposal)
    session.flush()
    return proposal


def _deal_run(
    offer: DealOffer, user_id: int, policy: Mapping[str, float], now: datetime
) -> MatchRun:
    marker = {"source": DEAL, "thread_id": offer.thread_id, "offer_id": offer.id}
    return MatchRun(
        created_by_id=user_id,
        status=RunStatus.SOLVED,
        phase=RunPhase.DONE,
        scope={"region": None, "from": None, "until": None, **marker},
        params=dict(policy),
        solver=DEAL,
        gap=0.0,
        stats=dict(marker),
        created_at=now,
        started_at=now,
        finished_at=now,
    )
