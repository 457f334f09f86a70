"""The guard every quantity-moving operation passes: lock, re-read, check the balance.

Approve, adjust, accept, decline, withdraw and deliver all change what lots and requests
hold (`balance.py`). Each one first locks the rows of the lots and requests it touches
(`market.core.locks.lock_listings`: `FOR UPDATE` on PostgreSQL, the write lock on SQLite, in
one fixed order so bulk actions cannot deadlock), then re-reads the proposals, then checks
against the balance *across all runs and deliveries*, then writes. The second of two
concurrent operations waits for the first, sees what it did, and is refused when both
together would hold more than the lot offers or the request asks.

An approval also asks the receiving farm's rules, for every proposal (`check_approval`): its
N room for animal manure (R1, R2) and its A-share (R8) with what the year already holds for
it (`farm_accounts.farm_problem`, the check an adjustment asks); the farms' rows are locked
with the listings, so two approvals into one farm are checked one after the other. A run
obeyed them when it was solved, but another run's proposals approved since may have filled
the room. A deal's proposal (`DEAL_SOLVER`) is asked the engine's arc rules again too
(`pair_rules.check_pair`): two farms chose that pair, and no run checked it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from market.audit import services as audit
from market.core.locks import lock_proposals
from market.core.schemas.units import KG_PATTERN, TENTHS_PATTERN
from market.core.validation import FieldError, Figure, ValidationError
from market.models import MatchRun, Proposal, Request, ReviewStatus
from market.models.runs import DEAL_SOLVER
from market.proposals.schemas import DecisionInput
from market.proposals.services.balance import (
    TOLERANCE,
    Weighed,
    lot_balances,
    n_to_hold,
    request_balances,
    weighed_by_proposal,
)
from market.proposals.services.farm_accounts import Change, Flow, farm_problem
from market.proposals.services.pair_rules import check_pair
from market.proposals.services.review import Outcome, Skip, decide, run_proposals
from market.proposals.services.skipped import remember


@dataclass(frozen=True)
class Ground:
    """What an approval is judged by: the rulebook's policy numbers (`settings.policy`: N
    cap kg N/ha, A-share minimum, road factor, distance limit km) and the farms' date, whose
    year is the season and which decides an A-share exemption."""

    policy: Mapping[str, float]
    on: date


def check_fits(session: Session, proposal: Proposal, tonnes: float, n_kg: float) -> None:
    """Refuse (on the field `tonnes`) when `proposal`, holding `tonnes` t and `n_kg` kg N,
    would make its lot or its request hold more than offered or asked, counting every other
    holding of every run and every delivery; or would hold less than is already weighed.
    Call after `lock_proposals`."""
    weighed = weighed_by_proposal(session, [proposal.id]).get(proposal.id, Weighed())
    if tonnes < weighed.tonnes - TOLERANCE:
        shown = {"delivered": Figure(round(weighed.tonnes, 1), TENTHS_PATTERN)}
        raise ValidationError({"tonnes": FieldError("below_delivered", shown)})
    lot = lot_balances(session, [proposal.lot], but=proposal.id)[proposal.lot_id]
    if lot.committed + max(tonnes, weighed.tonnes) > lot.offered + TOLERANCE:
        shown = {
            "left": Figure(round(lot.open, 1), TENTHS_PATTERN),
            "needs": Figure(round(tonnes, 1), TENTHS_PATTERN),
        }
        raise ValidationError({"tonnes": FieldError("lot_taken", shown)})
    request = request_balances(session, [proposal.request], but=proposal.id)[proposal.request_id]
    if request.committed + n_to_hold(tonnes, n_kg, weighed) > request.offered + TOLERANCE:
        shown = {
            "left": Figure(round(request.open), KG_PATTERN),
            "needs": Figure(round(n_kg), KG_PATTERN),
        }
        raise ValidationError({"tonnes": FieldError("request_taken", shown)})


def waiting(session: Session, proposal: Proposal, into_farm: int | None = None) -> list[Proposal]:
    """The other proposals of `proposal`'s run still waiting for review (with their
    requests; `into_farm`: only those into that farm): with it, the run's plan. A farm's
    A-share (R8) holds for the plan as a whole (A and B manure together), so approving one
    proposal at a time counts the rest of its run's plan in the share (`Change.mix`), as an
    adjustment counts it; what is approved meanwhile is in the season and no longer
    waiting. One query on the run's own rows: an approve-all asks it once per proposal."""
    query = (
        select(Proposal)
        .join(Proposal.request)
        .where(
            Proposal.run_id == proposal.run_id,
            Proposal.id != proposal.id,
            Proposal.review_status == ReviewStatus.PROPOSED,
        )
        .options(contains_eager(Proposal.request))
        .order_by(Proposal.id)
    )
    if into_farm is not None:
        query = query.where(Request.farm_id == into_farm)
    return list(session.scalars(query))


def check_approval(session: Session, proposal: Proposal, ground: Ground) -> None:
    """Refuse approving `proposal` when its lot or request has too little open
    (`check_fits`), when it would take the receiving farm beyond its N room (R1, R2) or below
    its A-share minimum (R8) (on `tonnes`), or, for a deal, when the pair breaks an arc rule
    (on `listing_id`). Call after `lock_proposals`."""
    check_fits(session, proposal, proposal.tonnes, proposal.n_kg)
    if proposal.run.solver == DEAL_SOLVER:
        check_pair(session, proposal.lot, proposal.request, ground.policy, ground.on, proposal.id)
    plan = (Flow.of(p) for p in waiting(session, proposal, proposal.request.farm_id))
    change = Change(new=Flow.of(proposal), mix=tuple(plan), but_proposal=proposal.id)
    problem = farm_problem(session, proposal.request.farm, ground.policy, ground.on, change)
    if problem is not None:
        raise ValidationError({"tonnes": problem})


def review(
    session: Session,
    proposal: Proposal,
    user_id: int,
    verdict: DecisionInput,
    ground: Ground,
    *,
    locked: bool = False,
) -> Proposal:
    """Approve (within what the lot and the request have open and the farms' rules allow,
    `check_approval`) or reject one proposal, with the coordinator's optional reason, and
    log who did it. `locked`: the caller already holds the locks (`review_all`)."""
    if not locked:
        lock_proposals(session, [proposal])
    if verdict.approve and proposal.review_status is ReviewStatus.PROPOSED:
        check_approval(session, proposal, ground)
    decide(session, proposal, user_id, verdict)
    action = "proposal.approve" if verdict.approve else "proposal.reject"
    audit.record(
        session,
        user_id,
        action,
        "proposal",
        proposal.id,
        run_id=proposal.run_id,
        lot_id=proposal.lot_id,
        tonnes=proposal.tonnes,
        **({"reason": verdict.reason} if verdict.reason else {}),
    )
    return proposal


def review_all(
    session: Session, run: MatchRun, user_id: int, verdict: DecisionInput, ground: Ground
) -> Outcome:
    """Approve or reject every open proposal of the run (`review_set`)."""
    return review_set(session, run_proposals(session, run.id), user_id, verdict, ground)


def review_set(
    session: Session,
    proposals: list[Proposal],
    user_id: int,
    verdict: DecisionInput,
    ground: Ground,
) -> Outcome:
    """Approve or reject the open ones of `proposals` (a run's, or the run page's filtered
    set): their lots and requests are locked first, in one call, so two bulk reviews cannot
    deadlock; then each goes through `review`, in the given order (a run's: largest N first).
    A proposal that may not be approved (a listing changed, too little left, the receiving
    farm's N room or A-share, a deal's arc rule) is skipped with its refusals, the rest go
    on; the skipped ones are remembered for their run's page (`skipped.remember`)."""
    open_ones = [p for p in proposals if p.review_status is ReviewStatus.PROPOSED]
    lock_proposals(session, open_ones)
    changed: list[Proposal] = []
    skipped: dict[int, list[Skip]] = {}
    for proposal in open_ones:
        if proposal.review_status is not ReviewStatus.PROPOSED:
            continue
        try:
            with session.begin_nested():
                changed.append(review(session, proposal, user_id, verdict, ground, locked=True))
        except ValidationError as error:
            skip = Skip(proposal.id, tuple(error.errors.values()))
            skipped.setdefault(proposal.run_id, []).append(skip)
    for run_id, skips in skipped.items():
        remember(session, user_id, run_id, skips)
    return Outcome(changed, [skip for skips in skipped.values() for skip in skips])
