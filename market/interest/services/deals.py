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

**The figures** are the calculator's (`market.accounts.services.calculator.lot_effect`: N,
its A part and animal part) and the engine's distance (great-circle km between the lot's
place and the receiving farm × `road_factor`); the transport cost is
`transport_eur_per_t_km` × km × t, all from `settings.policy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from market.accounts.services.calculator import lot_effect
from market.core.validation import FieldError, ValidationError
from market.interest.schemas import OfferInput
from market.interest.services.threads import touch
from market.listings.services.listings import lot_origin
from market.models import (
    DealOffer,
    FarmStatus,
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
from matching.rules import great_circle_km

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


def make_offer(
    session: Session, thread: Thread, farm_id: int, user_id: int, data: OfferInput
) -> DealOffer:
    """`farm_id` (a party) offers a deal; an open offer of the thread is superseded.

    Refused (`ValidationError`) when the lot or the request is not the right farm's, not
    open, or has less open than the offer takes."""
    lot, request = check_listings(thread, *listings_of_offer(session, thread, data.listing_id))
    check_open(session, lot, request, data.tonnes, lot_effect_n(lot, data.tonnes))
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
    receiver's, both open; category C may not go onto an organic farm (R7)."""
    sides = parties(thread)
    if lot is None or request is None:
        raise ValidationError({"listing_id": FieldError("not_in_thread")})
    if (lot.farm_id, request.farm_id) != (sides.supplier_id, sides.receiver_id):
        raise ValidationError({"listing_id": FieldError("not_in_thread")})
    if lot.status is not ListingStatus.OPEN or request.status is not ListingStatus.OPEN:
        raise ValidationError({"listing_id": FieldError("listing_not_open")})
    organic = request.farm.status is not FarmStatus.CONVENTIONAL
    if organic and not lot_effect(lot.kind, lot_origin(lot), 1.0, lot.n_kg_per_t).allowed:
        raise ValidationError({"listing_id": FieldError("category_c_organic")})
    return lot, request


def lot_effect_n(lot: Lot, tonnes: float) -> float:
    """kg N that `tonnes` of `lot` bring, as the calculator counts them."""
    return lot_effect(lot.kind, lot_origin(lot), tonnes, lot.n_kg_per_t).n_kg


def check_open(session: Session, lot: Lot, request: Request, tonnes: float, n_kg: float) -> None:
    """The lot must have `tonnes` open and the request `n_kg` (an early answer to the farms;
    the coordinator's guarded review checks again, under the rows' locks)."""
    lot_open = lot_balance(session, lot).open
    if tonnes > lot_open + TOLERANCE:
        shown = {"left": round(lot_open, 1), "needs": round(tonnes, 1)}
        raise ValidationError({"tonnes": FieldError("lot_taken", shown)})
    request_open = request_balance(session, request).open
    if n_kg > request_open + TOLERANCE:
        shown = {"left": round(request_open), "needs": round(n_kg)}
        raise ValidationError({"tonnes": FieldError("request_taken", shown)})


def answer_offer(
    session: Session,
    offer: DealOffer,
    farm_id: int,
    user_id: int,
    policy: Mapping[str, float],
    *,
    agree: bool,
) -> Proposal | None:
    """The other farm agrees (a proposal is made, returned) or declines (None)."""
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
    n_kg = lot_effect_n(offer.lot, offer.tonnes)
    check_open(session, offer.lot, offer.request, offer.tonnes, n_kg)
    offer.status = OfferStatus.AGREED
    offer.proposal = deal_proposal(session, offer, user_id, policy)
    session.flush()
    return offer.proposal


def deal_proposal(
    session: Session, offer: DealOffer, user_id: int, policy: Mapping[str, float]
) -> Proposal:
    """The proposal of an agreed offer, in a deal run of its own (see the module)."""
    now = utcnow()
    run = _deal_run(offer, user_id, policy, now)
    lot, request = offer.lot, offer.request
    effect = lot_effect(lot.kind, lot_origin(lot), offer.tonnes, lot.n_kg_per_t)
    km = policy["road_factor"] * great_circle_km(_place(lot), (request.farm.lat, request.farm.lon))
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


def _place(lot: Lot) -> tuple[float, float]:
    """A lot lies at its storage site when it has one, else at its farm (as in a run)."""
    if lot.lat is not None and lot.lon is not None:
        return (lot.lat, lot.lon)
    return (lot.farm.lat, lot.farm.lon)
