"""The guard every quantity-moving operation passes: lock, re-read, check the balance.

Approve, adjust, accept, decline, withdraw and deliver all change what lots and requests
hold (`balance.py`). Each one first locks the rows of the lots and requests it touches
(`market.core.locks.lock_listings`: `FOR UPDATE` on PostgreSQL, the write lock on SQLite, in
one fixed order so bulk actions cannot deadlock), then re-reads the proposals, then checks
against the balance *across all runs and deliveries*, then writes. The second of two
concurrent operations waits for the first, sees what it did, and is refused when both
together would hold more than the lot offers or the request asks.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from market.audit import services as audit
from market.core.locks import lock_proposals
from market.core.validation import FieldError, ValidationError
from market.models import MatchRun, Proposal, ReviewStatus
from market.proposals.schemas import DecisionInput
from market.proposals.services.balance import (
    TOLERANCE,
    Weighed,
    lot_balances,
    request_balances,
    weighed_by_proposal,
)
from market.proposals.services.review import Outcome, decide, run_proposals


def check_fits(session: Session, proposal: Proposal, tonnes: float, n_kg: float) -> None:
    """Refuse (on the field `tonnes`) when `proposal`, holding `tonnes` t and `n_kg` kg N,
    would make its lot or its request hold more than offered or asked, counting every other
    holding of every run and every delivery; or would hold less than is already weighed.
    Call after `lock_proposals`."""
    weighed = weighed_by_proposal(session, [proposal.id]).get(proposal.id, Weighed())
    if tonnes < weighed.tonnes - TOLERANCE:
        shown = {"delivered": round(weighed.tonnes, 1)}
        raise ValidationError({"tonnes": FieldError("below_delivered", shown)})
    lot = lot_balances(session, [proposal.lot], but=proposal.id)[proposal.lot_id]
    if lot.committed + max(tonnes, weighed.tonnes) > lot.offered + TOLERANCE:
        shown = {"left": round(lot.open, 1), "needs": round(tonnes, 1)}
        raise ValidationError({"tonnes": FieldError("lot_taken", shown)})
    request = request_balances(session, [proposal.request], but=proposal.id)[proposal.request_id]
    if request.committed + max(n_kg, weighed.n_kg) > request.offered + TOLERANCE:
        shown = {"left": round(request.open), "needs": round(n_kg)}
        raise ValidationError({"tonnes": FieldError("request_taken", shown)})


def review(
    session: Session,
    proposal: Proposal,
    user_id: int,
    verdict: DecisionInput,
    *,
    locked: bool = False,
) -> Proposal:
    """Approve (within what the lot and the request have open) or reject one proposal, with
    the coordinator's optional reason, and log who did it. `locked`: the caller already
    holds the locks (`review_all`)."""
    if not locked:
        lock_proposals(session, [proposal])
    if verdict.approve:
        check_fits(session, proposal, proposal.tonnes, proposal.n_kg)
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


def review_all(session: Session, run: MatchRun, user_id: int, verdict: DecisionInput) -> Outcome:
    """Approve or reject every open proposal of the run (`review_set`)."""
    return review_set(session, run_proposals(session, run.id), user_id, verdict)


def review_set(
    session: Session, proposals: list[Proposal], user_id: int, verdict: DecisionInput
) -> Outcome:
    """Approve or reject the open ones of `proposals` (a run's, or the run page's filtered
    set): their lots and requests are locked first, in one call, so two bulk reviews cannot
    deadlock; then each goes through `review`. A proposal that may not be approved (a listing
    changed, too little left) is skipped, the rest go on."""
    open_ones = [p for p in proposals if p.review_status is ReviewStatus.PROPOSED]
    lock_proposals(session, open_ones)
    changed, skipped = [], 0
    for proposal in open_ones:
        if proposal.review_status is not ReviewStatus.PROPOSED:
            continue
        try:
            with session.begin_nested():
                changed.append(review(session, proposal, user_id, verdict, locked=True))
        except ValidationError:
            skipped += 1
    return Outcome(changed, skipped)
