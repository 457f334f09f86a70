"""Approving within a lot's tonnes, also when two coordinators approve at the same moment.

Proposals of one run respect each lot's tonnes (the engine saw to it), but two runs may both
propose the same lot, and two coordinators may approve one of each at once. Each approval
therefore locks the lot's row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite has one writer at
a time anyway), re-reads the proposal, and counts the tonnes already approved for the lot
before approving: the second of two concurrent approvals waits for the first, sees it, and
is refused when both together would exceed the lot.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.audit import services as audit
from market.core.validation import FieldError, ValidationError
from market.models import FarmerResponse, Lot, MatchRun, Proposal, ReviewStatus
from market.proposals.schemas import DecisionInput
from market.proposals.services.review import Outcome, decide, run_proposals

#: Tonnes are floats from the solver; a rounding error must not refuse an exact fit.
TOLERANCE_T = 1e-6


def approved_tonnes(session: Session, lot_id: int, but: int | None = None) -> float:
    """Tonnes of the lot in approved proposals no farm has declined (except proposal `but`)."""
    query = select(func.coalesce(func.sum(Proposal.tonnes), 0.0)).where(
        Proposal.lot_id == lot_id,
        Proposal.review_status == ReviewStatus.APPROVED,
        Proposal.supplier_response != FarmerResponse.DECLINED,
        Proposal.receiver_response != FarmerResponse.DECLINED,
    )
    if but is not None:
        query = query.where(Proposal.id != but)
    return float(session.scalar(query) or 0.0)


def review(session: Session, proposal: Proposal, user_id: int, verdict: DecisionInput) -> Proposal:
    """Approve (within the lot's tonnes) or reject one proposal, and log who did it."""
    lot = session.scalars(
        select(Lot)
        .where(Lot.id == proposal.lot_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    session.refresh(proposal)
    if verdict.approve:
        _check_room(session, proposal, lot)
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
    )
    return proposal


def review_all(session: Session, run: MatchRun, user_id: int, verdict: DecisionInput) -> Outcome:
    """Approve or reject every open proposal of the run, each through `review` (lock, the
    lot's tonnes across runs, audit); a proposal that may not be approved is skipped."""
    changed, skipped = [], 0
    for proposal in run_proposals(session, run.id):
        if proposal.review_status is not ReviewStatus.PROPOSED:
            continue
        try:
            with session.begin_nested():
                changed.append(review(session, proposal, user_id, verdict))
        except ValidationError:
            skipped += 1
    return Outcome(changed, skipped)


def _check_room(session: Session, proposal: Proposal, lot: Lot) -> None:
    taken = approved_tonnes(session, lot.id, but=proposal.id)
    if proposal.review_status is ReviewStatus.PROPOSED and (
        taken + proposal.tonnes > lot.tonnes + TOLERANCE_T
    ):
        left = round(max(0.0, lot.tonnes - taken), 1)
        shown = {"left": left, "needs": round(proposal.tonnes, 1)}
        raise ValidationError({"tonnes": FieldError("lot_taken", shown)})
