"""Changing a proposal's tonnes, rechecked against the rules the engine obeyed.

The new figures come from the calculator (`lot_effect`: the lot's classification by
`matching.classify_lot`, champost's fixed 7 kg N/t included), and the run's other
proposals that are not rejected still count. Refused when the change would
- place more than the lot holds (Σ tonnes of the lot ≤ lot tonnes),
- deliver more N than the request asks (Σ kg N into the request ≤ request kg N),
- overfill the receiving farm's N room for animal manure (R1, R2), or
- push the receiving farm below its A-share minimum (R8),
unless the farm is no worse off than with the tonnes the engine proposed. Every adjustment,
from the review page or the API, is written to the audit log here, old and new tonnes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from market.accounts.services.calculator import Balance, LotEffect, farm_balance, lot_effect
from market.audit import services as audit
from market.core.validation import FieldError, ValidationError
from market.listings.services.listings import lot_origin
from market.models import Proposal, ReviewStatus
from market.proposals.schemas import AdjustInput
from market.proposals.services.review import run_proposals

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Flow:
    """One proposal's N figures (kg)."""

    n_kg: float
    a_n_kg: float
    animal_n_kg: float


def check_tonnes(
    session: Session,
    proposal: Proposal,
    data: AdjustInput,
    policy: Mapping[str, float],
    on: date,
) -> LotEffect:
    """The proposal's figures at the asked tonnes, or `ValidationError` naming the rule (on
    the field `tonnes`). `on` is the farms' date that decides an A-share exemption."""
    if proposal.review_status not in (ReviewStatus.PROPOSED, ReviewStatus.APPROVED):
        raise ValidationError({"tonnes": FieldError("proposal_not_open")})
    effect = new_effect(proposal, data.tonnes)
    others = [
        p
        for p in run_proposals(session, proposal.run_id)
        if p.id != proposal.id and p.review_status is not ReviewStatus.REJECTED
    ]
    problem = (
        _lot_problem(proposal, effect, others)
        or _request_problem(proposal, effect, others)
        or _farm_problem(proposal, effect, others, policy, on)
    )
    if problem is not None:
        raise ValidationError({"tonnes": problem})
    return effect


def adjust_tonnes(
    session: Session,
    proposal: Proposal,
    user_id: int,
    data: AdjustInput,
    policy: Mapping[str, float],
    on: date,
) -> Proposal:
    """Set the proposal's tonnes and N figures after checking every rule, and log that
    `user_id` did (`proposal.adjust`, tonnes before and after); flushes."""
    before = proposal.tonnes
    _apply(proposal, check_tonnes(session, proposal, data, policy, on))
    audit.record(
        session,
        user_id,
        "proposal.adjust",
        "proposal",
        proposal.id,
        run_id=proposal.run_id,
        tonnes_before=before,
        tonnes=proposal.tonnes,
    )
    return proposal


def new_effect(proposal: Proposal, tonnes: float) -> LotEffect:
    lot = proposal.lot
    return lot_effect(lot.kind, lot_origin(lot), tonnes, lot.n_kg_per_t)


def _lot_problem(
    proposal: Proposal, effect: LotEffect, others: list[Proposal]
) -> FieldError | None:
    placed = effect.tonnes + sum(p.tonnes for p in others if p.lot_id == proposal.lot_id)
    if placed > proposal.lot.tonnes + TOLERANCE:
        shown = {"lot": round(proposal.lot.tonnes, 1), "placed": round(placed, 1)}
        return FieldError("lot_overfilled", shown)
    return None


def _request_problem(
    proposal: Proposal, effect: LotEffect, others: list[Proposal]
) -> FieldError | None:
    wanted = proposal.request.n_kg
    met = effect.n_kg + sum(p.n_kg for p in others if p.request_id == proposal.request_id)
    if met > wanted + TOLERANCE:
        return FieldError("request_overfilled", {"wanted": round(wanted), "met": round(met)})
    return None


def _farm_problem(
    proposal: Proposal,
    effect: LotEffect,
    others: list[Proposal],
    policy: Mapping[str, float],
    on: date,
) -> FieldError | None:
    """The receiving farm's N room and A-share, compared with the proposal as it stands."""
    farm = proposal.request.farm
    into_farm = [_flow(p) for p in others if p.request.farm_id == farm.id]
    start = farm_balance(farm, policy, on)
    after = plus_flows(start, [*into_farm, Flow(effect.n_kg, effect.a_n_kg, effect.animal_n_kg)])
    before = plus_flows(start, [*into_farm, _flow(proposal)])
    if not after.fits_room and after.room_left_kg < before.room_left_kg - TOLERANCE:
        return FieldError("n_room_exceeded", {"over": round(-after.room_left_kg)})
    if not after.meets_a_share and (after.a_share or 0) < (before.a_share or 0) - TOLERANCE:
        share = {"share": round(100 * (after.a_share or 0)), "min": round(100 * after.a_share_min)}
        return FieldError("a_share_too_low", share)
    return None


def _flow(proposal: Proposal) -> Flow:
    return Flow(proposal.n_kg, proposal.a_n_kg, proposal.animal_n_kg)


def plus_flows(balance: Balance, flows: list[Flow]) -> Balance:
    return Balance(
        room_kg=balance.room_kg,
        animal_n_kg=balance.animal_n_kg + sum(f.animal_n_kg for f in flows),
        total_n_kg=balance.total_n_kg + sum(f.n_kg for f in flows),
        a_n_kg=balance.a_n_kg + sum(f.a_n_kg for f in flows),
        a_share_min=balance.a_share_min,
    )


def _apply(proposal: Proposal, effect: LotEffect) -> None:
    """New tonnes and N; transport cost scales with the tonnes (same arc, same €/t)."""
    per_t = proposal.cost_eur / proposal.tonnes if proposal.tonnes > 0 else 0.0
    proposal.tonnes = effect.tonnes
    proposal.n_kg = effect.n_kg
    proposal.a_n_kg = effect.a_n_kg
    proposal.animal_n_kg = effect.animal_n_kg
    proposal.cost_eur = per_t * effect.tonnes
