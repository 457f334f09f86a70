"""Changing a proposal's tonnes, rechecked against the rules the engine obeyed.

The new figures come from the calculator (`lot_effect`: the lot's classification by
`matching.classify_lot`, champost's fixed 7 kg N/t included). What counts besides the
proposal itself: every holding of every run and every delivery (`balance.py`), and the
proposals of its own run still waiting for review (the run's plan). Refused when the change
would
- hold more than the lot offers or the request asks, or less than is already delivered
  (`capacity.check_fits`, after the rows' locks),
- place more than the lot holds together with its run's open proposals,
- overfill the receiving farm's N room for animal manure (R1, R2), or
- push the receiving farm below its A-share minimum (R8),
unless the farm is no worse off than with the tonnes it had. A changed approved proposal goes
back to both farms: their answers are reset, and they confirm the new tonnes. Every
adjustment, from the review page or the API, is written to the audit log here, old and new
tonnes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from math import ceil

from sqlalchemy.orm import Session

from market.accounts.services.calculator import Deliveries, LotEffect, lot_effect
from market.audit import services as audit
from market.core.locks import lock_proposals
from market.core.validation import FieldError, ValidationError
from market.deliveries.services.papers import year_moved
from market.listings.services.listings import lot_origin
from market.models import FarmerResponse, Proposal, ReviewStatus
from market.proposals.schemas import AdjustInput
from market.proposals.services.balance import lot_balances, request_balances
from market.proposals.services.capacity import check_fits
from market.proposals.services.farm_accounts import Flow, plus_flows, season_balance
from market.proposals.services.review import run_proposals
from market.proposals.services.season import Receipts, season
from matching.rules.outlets import load_t

TOLERANCE = 1e-6


def check_tonnes(
    session: Session,
    proposal: Proposal,
    data: AdjustInput,
    policy: Mapping[str, float],
    on: date,
) -> LotEffect:
    """The proposal's figures at the asked tonnes, or `ValidationError` naming the rule (on
    the field `tonnes`). `on` is the farms' date that decides an A-share exemption."""
    lock_proposals(session, [proposal])
    if proposal.review_status not in (ReviewStatus.PROPOSED, ReviewStatus.APPROVED):
        raise ValidationError({"tonnes": FieldError("proposal_not_open")})
    effect = new_effect(proposal, data.tonnes)
    check_fits(session, proposal, effect.tonnes, effect.n_kg)
    waiting = [
        p
        for p in run_proposals(session, proposal.run_id)
        if p.id != proposal.id and p.review_status is ReviewStatus.PROPOSED
    ]
    held = lot_balances(session, [proposal.lot], but=proposal.id)[proposal.lot_id].committed
    wanted = request_balances(session, [proposal.request], but=proposal.id)
    problem = (
        _lot_problem(proposal, effect, waiting, held)
        or _request_problem(proposal, effect, waiting, wanted[proposal.request_id].committed)
        or _farm_problem(session, proposal, effect, waiting, policy, on)
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
    if proposal.review_status is ReviewStatus.APPROVED and abs(proposal.tonnes - before) > 1e-9:
        proposal.supplier_response = FarmerResponse.PENDING
        proposal.receiver_response = FarmerResponse.PENDING
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
    proposal: Proposal, effect: LotEffect, others: list[Proposal], held: float
) -> FieldError | None:
    placed = held + effect.tonnes + sum(p.tonnes for p in others if p.lot_id == proposal.lot_id)
    if placed > proposal.lot.tonnes + TOLERANCE:
        shown = {"lot": round(proposal.lot.tonnes, 1), "placed": round(placed, 1)}
        return FieldError("lot_overfilled", shown)
    return None


def _request_problem(
    proposal: Proposal, effect: LotEffect, others: list[Proposal], held: float
) -> FieldError | None:
    wanted = proposal.request.n_kg
    met = held + effect.n_kg + sum(p.n_kg for p in others if p.request_id == proposal.request_id)
    if met > wanted + TOLERANCE:
        return FieldError("request_overfilled", {"wanted": round(wanted), "met": round(met)})
    return None


def _farm_problem(
    session: Session,
    proposal: Proposal,
    effect: LotEffect,
    others: list[Proposal],
    policy: Mapping[str, float],
    on: date,
) -> FieldError | None:
    """The receiving farm's N room and A-share, compared with the proposal as it stands: its
    profile with its own manure kept after the year's deliveries out (as the farm page and
    the run count it, `year_moved`), what the year already holds for it (all runs,
    deliveries) less the manure it passed on (`passed_on`, as the run's instance counts
    it) and its run's plan."""
    farm = proposal.request.farm
    got = season(session, on.year, but_proposal=proposal.id).receipts.get(farm.id, Receipts())
    moved = year_moved(session, on.year).get(farm.id, Deliveries())
    start = season_balance(farm, policy, on, got, moved)
    into_farm = [Flow.of(p) for p in others if p.request.farm_id == farm.id]
    after = plus_flows(start, [*into_farm, Flow(effect.n_kg, effect.a_n_kg, effect.animal_n_kg)])
    before = plus_flows(start, [*into_farm, Flow.of(proposal)])
    if not after.fits_room and after.room_left_kg < before.room_left_kg - TOLERANCE:
        return FieldError("n_room_exceeded", {"over": round(-after.room_left_kg)})
    if not after.meets_a_share and (after.a_share or 0) < (before.a_share or 0) - TOLERANCE:
        share = {"share": round(100 * (after.a_share or 0)), "min": round(100 * after.a_share_min)}
        return FieldError("a_share_too_low", share)
    return None


def _apply(proposal: Proposal, effect: LotEffect) -> None:
    """New tonnes and N, and the transport cost of the same arc: per tonne it scales with the
    tonnes; paid per whole load (`loads` set, INSTANCE.md `params.loads`) the loads follow
    the tonnes, ⌈tonnes / the kind's load⌉ (`matching.rules.outlets.load_t`, the `load_t`
    the run gave the lot), at the same € per load."""
    per_t = proposal.cost_eur / proposal.tonnes if proposal.tonnes > 0 else 0.0
    per_load = proposal.cost_eur / proposal.loads if proposal.loads else 0.0
    proposal.tonnes = effect.tonnes
    proposal.n_kg = effect.n_kg
    proposal.a_n_kg = effect.a_n_kg
    proposal.animal_n_kg = effect.animal_n_kg
    if proposal.loads:
        proposal.loads = ceil(effect.tonnes / load_t(proposal.lot.kind) - TOLERANCE)
        proposal.cost_eur = per_load * proposal.loads
    else:
        proposal.cost_eur = per_t * effect.tonnes
