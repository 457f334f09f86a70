"""Changing a proposal's tonnes, rechecked against the rules the engine obeyed.

The new figures come from the calculator (`lot_effect`: the lot's classification by
`matching.classify_lot`, champost's fixed 7 kg N/t included). What counts besides the
proposal itself: every holding of every run and every delivery (`balance.py`), and the
proposals of its own run still waiting for review (the run's plan). Refused when the change
would
- be smaller than a delivery the engine would propose (`_size_problem`),
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

from market.accounts.services.calculator import LotEffect, lot_effect
from market.audit import services as audit
from market.core.locks import lock_proposals
from market.core.schemas.units import TENTHS_PATTERN, TONNES_PATTERN
from market.core.validation import FieldError, Figure, ValidationError
from market.listings.services.listings import lot_origin
from market.models import FarmerResponse, Proposal, ReviewStatus
from market.proposals.schemas import AdjustInput
from market.proposals.services.balance import lot_balances, request_balances
from market.proposals.services.capacity import check_fits, waiting
from market.proposals.services.farm_accounts import Change, Flow, farm_problem
from matching.rules.outlets import load_t

TOLERANCE = 1e-6
#: A proposal carries at least this much N (kg) when no minimum delivery is set: pages
#: write whole kg, and less reads as "0 kg N" or "1 kg N" for a few shovels of manure.
LEAST_N_KG = 1.0


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
    size = _size_problem(proposal, effect, policy)
    if size is not None:
        raise ValidationError({"tonnes": size})
    check_fits(session, proposal, effect.tonnes, effect.n_kg)
    plan = waiting(session, proposal)
    held = lot_balances(session, [proposal.lot], but=proposal.id)[proposal.lot_id].committed
    wanted = request_balances(session, [proposal.request], but=proposal.id)
    problem = (
        _lot_problem(proposal, effect, plan, held)
        or _request_problem(proposal, effect, plan, wanted[proposal.request_id].committed)
        or farm_problem(
            session, proposal.request.farm, policy, on, _farm_change(proposal, effect, plan)
        )
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


def _farm_change(proposal: Proposal, effect: LotEffect, waiting: list[Proposal]) -> Change:
    """The receiving farm's side of the adjustment: the proposal at its old and its new
    tonnes, with its run's waiting proposals into the same farm (the run's plan)."""
    farm_id = proposal.request.farm_id
    return Change(
        new=Flow(effect.n_kg, effect.a_n_kg, effect.animal_n_kg),
        old=Flow.of(proposal),
        others=tuple(Flow.of(p) for p in waiting if p.request.farm_id == farm_id),
        but_proposal=proposal.id,
    )


def new_effect(proposal: Proposal, tonnes: float) -> LotEffect:
    lot = proposal.lot
    return lot_effect(lot.kind, lot_origin(lot), tonnes, lot.n_kg_per_t)


def _size_problem(
    proposal: Proposal, effect: LotEffect, policy: Mapping[str, float]
) -> FieldError | None:
    """Tonnes below what the engine would ever propose, named in tonnes.

    With a minimum delivery (`min_delivery_t` in the policy) that is min(minimum, the lot's
    tonnes), the engine's own bound (clarification 8). Without one (0 or unset, the
    default) the engine has no lower bound but proposes no flow of nothing; so a proposal
    must at least carry 1 kg N (`LEAST_N_KG`): tonnes whose N rounds to 0 kg would read
    "0 kg N" everywhere and move manure nobody needs. The smallest tonnes that carry
    `LEAST_N_KG` are named, rounded up to the kg the scale weighs.
    """
    minimum = min(policy.get("min_delivery_t") or 0.0, proposal.lot.tonnes)
    if minimum > 0:
        if effect.tonnes >= minimum - TOLERANCE:
            return None
        return FieldError("below_min_delivery", {"min": Figure(minimum, TONNES_PATTERN)})
    if effect.n_kg >= LEAST_N_KG or effect.n_kg <= 0:  # no N per tonne: no N minimum
        return None
    least = LEAST_N_KG * effect.tonnes / effect.n_kg
    shown = {
        "tonnes": Figure(effect.tonnes, TONNES_PATTERN),
        "min": Figure(ceil(round(least * 1000, 3)) / 1000, TONNES_PATTERN),
    }
    return FieldError("no_nitrogen", shown)


def _lot_problem(
    proposal: Proposal, effect: LotEffect, others: list[Proposal], held: float
) -> FieldError | None:
    placed = held + effect.tonnes + sum(p.tonnes for p in others if p.lot_id == proposal.lot_id)
    if placed > proposal.lot.tonnes + TOLERANCE:
        shown = {  # to the kg: 300,05 t over a 300 t lot must not read "300 t of 300 t"
            "lot": Figure(round(proposal.lot.tonnes, 3), TONNES_PATTERN),
            "placed": Figure(round(placed, 3), TONNES_PATTERN),
        }
        return FieldError("lot_overfilled", shown)
    return None


def _request_problem(
    proposal: Proposal, effect: LotEffect, others: list[Proposal], held: float
) -> FieldError | None:
    wanted = proposal.request.n_kg
    met = held + effect.n_kg + sum(p.n_kg for p in others if p.request_id == proposal.request_id)
    if met > wanted + TOLERANCE:
        shown = {
            "wanted": Figure(round(wanted, 1), TENTHS_PATTERN),
            "met": Figure(round(met, 1), TENTHS_PATTERN),
        }
        return FieldError("request_overfilled", shown)
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
