"""A coordinator's review of a run's proposals: approve, reject, adjust the tonnes.

Only a `proposed` proposal whose lot and request still have the versions the run saw can be
approved: approving what a farmer has since changed would promise a delivery nobody offered.
Rejecting needs no such check. An adjustment is rechecked against the same rules the engine
obeyed (see `adjust.py`) before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session, joinedload

from market.core.validation import FieldError, ValidationError
from market.models import (
    Delivery,
    Farm,
    Lot,
    MatchRun,
    Proposal,
    Request,
    ReviewStatus,
    utcnow,
)
from market.models.runs import DEAL_SOLVER
from market.proposals.schemas import DecisionInput
from market.proposals.services.answers import is_stale

#: Proposal ids per UPDATE: SQLite takes at most 32,766 bound values in one statement.
IDS_PER_STATEMENT = 10_000


@dataclass(frozen=True)
class Skip:
    """A proposal a bulk review left open, and why: the refusals approving it alone gives
    (`listing_changed`, `lot_taken` with its tonnes, …), so it can be told in those words."""

    proposal_id: int
    refusals: tuple[FieldError, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(refusal.code for refusal in self.refusals)


@dataclass(frozen=True)
class Outcome:
    """What a review changed, so the view can say so and mail the farms; `skipped`: each
    proposal it left open, with its refusals."""

    changed: list[Proposal]
    skipped: list[Skip]


def run_proposals(session: Session, run_id: int) -> list[Proposal]:
    """The run's proposals with lots, requests and farms loaded, largest N first."""
    query = (
        select(Proposal)
        .where(Proposal.run_id == run_id)
        .options(
            joinedload(Proposal.lot).joinedload(Lot.farm),
            joinedload(Proposal.request).joinedload(Request.farm),
        )
        .order_by(Proposal.n_kg.desc(), Proposal.id)
    )
    return list(session.scalars(query).unique())


def decide(session: Session, proposal: Proposal, user_id: int, verdict: DecisionInput) -> Proposal:
    """Approve or reject one proposal; refused when already decided or (to approve) stale."""
    if proposal.review_status is not ReviewStatus.PROPOSED:
        raise ValidationError({"proposal": FieldError("already_reviewed")})
    if verdict.approve and is_stale(proposal):
        raise ValidationError({"proposal": FieldError("listing_changed")})
    _mark(proposal, user_id, verdict)
    session.flush()
    return proposal


def _mark(proposal: Proposal, user_id: int, verdict: DecisionInput) -> None:
    proposal.review_status = ReviewStatus.APPROVED if verdict.approve else ReviewStatus.REJECTED
    proposal.review_reason = None if verdict.approve else verdict.reason
    proposal.reviewed_by_id = user_id
    proposal.reviewed_at = utcnow()


def farms_of(proposals: Iterable[Proposal]) -> list[Farm]:
    """Every farm that delivers or receives in `proposals`, once, by name."""
    farms = {p.lot.farm.id: p.lot.farm for p in proposals}
    farms.update({p.request.farm.id: p.request.farm for p in proposals})
    return sorted(farms.values(), key=lambda farm: farm.name)


def cancel_proposals(
    session: Session, which: ColumnElement[bool], reason: str | None
) -> list[Proposal]:
    """Cancel the proposals `which` selects that are waiting for review or approved and have
    no delivery booked yet (the listing they draw on was withdrawn), with `reason` for both
    farms to read. One with a delivery, however small, went ahead: it keeps its status, so
    the farms and the coordinator still see it approved, and it holds what it held before
    (`balance.held_tonnes`: its deliveries, and of an approved one the rest still to come).
    Returns the cancelled ones, so the caller can tell the counterparts. Call under the
    listing's lock."""
    delivered = select(Delivery.id).where(Delivery.proposal_id == Proposal.id).exists()
    cancelled = list(
        session.scalars(
            select(Proposal).where(
                which,
                Proposal.review_status.in_((ReviewStatus.PROPOSED, ReviewStatus.APPROVED)),
                ~delivered,
            )
        )
    )
    for proposal in cancelled:
        proposal.review_status = ReviewStatus.CANCELLED
        proposal.review_reason = reason
    session.flush()
    return cancelled


def supersede_earlier(
    session: Session, run_id: int, lot_ids: Iterable[int], request_ids: Iterable[int]
) -> None:
    """Mark the unreviewed proposals of other match runs `superseded` whose lot *and*
    request are both among these (run `run_id` saw both, so it could have made the pair; a
    run over one province leaves a national run's pairs across its border alone). The run
    written last wins, also when two runs finish out of order: it read the market after the
    other. A deal's proposal (two farms agreed it: `DEAL_SOLVER`) is never superseded.
    They stay visible as history.

    The other runs' unreviewed proposals are read and matched here, then updated by id: a
    WHERE with both id lists let SQLite probe its (run, lot, request) index for every
    earlier run × lot × request (1.4 million probes, about 0.17 s, per earlier run at 2,000
    farms: `benchmarks/pipeline.py`), a cost that grew with every run of the season."""
    lots, requests = set(lot_ids), set(request_ids)
    matching_runs = select(MatchRun.id).where(MatchRun.solver != DEAL_SOLVER)
    unreviewed = select(Proposal.id, Proposal.lot_id, Proposal.request_id).where(
        Proposal.run_id != run_id,
        Proposal.run_id.in_(matching_runs),
        Proposal.review_status == ReviewStatus.PROPOSED,
    )
    ids = [i for i, lot, req in session.execute(unreviewed) if lot in lots and req in requests]
    for start in range(0, len(ids), IDS_PER_STATEMENT):
        session.execute(
            update(Proposal)
            .where(
                Proposal.id.in_(ids[start : start + IDS_PER_STATEMENT]),
                Proposal.review_status == ReviewStatus.PROPOSED,
            )
            .values(review_status=ReviewStatus.SUPERSEDED)
            .execution_options(synchronize_session=False)
        )
