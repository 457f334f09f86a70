"""The farmer's side of a match: approved proposals, answered by both farms.

A coordinator approves a proposal first; then the supplier (the lot's farm) and the
receiver (the request's farm) each accept or decline it. A proposal whose lot or request
changed since the run (another version) is stale: nobody can accept what was not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload

from market.core.locks import lock_proposals
from market.core.validation import FieldError, ValidationError
from market.models import Farm, FarmerResponse, Lot, Proposal, Request, ReviewStatus
from market.proposals.schemas import AnswerInput
from market.proposals.services.balance import (
    NOTHING_WEIGHED,
    Weighed,
    still_due,
    weighed_by_proposal,
)


class Side(StrEnum):
    SUPPLIER = "supplier"
    RECEIVER = "receiver"


@dataclass(frozen=True)
class FarmProposal:
    """One proposal as one farm sees it."""

    proposal: Proposal
    side: Side
    counterpart: Farm
    my_response: FarmerResponse
    their_response: FarmerResponse
    weighed: Weighed = NOTHING_WEIGHED  # the deliveries booked on it (`farm_proposals` reads them)

    def delivery_due(self, tolerance: float) -> bool:
        """Both farms agreed and tonnes are still to deliver (`balance.still_due`)."""
        agreed = (self.my_response, self.their_response) == (FarmerResponse.ACCEPTED,) * 2
        approved = self.proposal.review_status is ReviewStatus.APPROVED
        return (
            agreed
            and approved
            and bool(still_due(self.weighed.tonnes, self.proposal.tonnes, tolerance))
        )

    @property
    def stale(self) -> bool:
        """The listing changed while a farm still has to answer: nobody can accept what was
        not offered. Once both accepted, the deal stands (a later edit cannot go below what
        it holds, and a withdrawal leaves a deal with a delivery on it as it is)."""
        pending = FarmerResponse.PENDING in (self.my_response, self.their_response)
        return pending and is_stale(self.proposal)

    @property
    def their_reason(self) -> str | None:
        """Why the other farm declined, if it gave a reason."""
        other = Side.RECEIVER if self.side is Side.SUPPLIER else Side.SUPPLIER
        return getattr(self.proposal, f"{other.value}_reason")


def is_stale(proposal: Proposal) -> bool:
    """The lot or the request has another version than the run saw."""
    return (
        proposal.lot.version != proposal.lot_version
        or proposal.request.version != proposal.request_version
    )


def farm_proposals(session: Session, farm_id: int) -> list[FarmProposal]:
    """Approved proposals in which `farm_id` delivers or receives, and approved ones cancelled
    since (a listing was withdrawn; the farm reads why), newest first."""
    was_approved = and_(
        Proposal.review_status == ReviewStatus.CANCELLED, Proposal.reviewed_at.is_not(None)
    )
    query = with_parties(farm_id).where(
        or_(Proposal.review_status == ReviewStatus.APPROVED, was_approved)
    )
    query = query.options(joinedload(Proposal.run))  # the page tells a deal's from a run's
    query = query.order_by(Proposal.created_at.desc(), Proposal.id.desc())
    rows = list(session.scalars(query).unique())
    weighed = weighed_by_proposal(session, (row.id for row in rows))
    return [as_seen_by(row, farm_id, weighed.get(row.id, NOTHING_WEIGHED)) for row in rows]


def with_parties(farm_id: int | None) -> Select[Proposal]:
    """Proposals with their lot, request and both farms loaded (read `.unique()`): those in
    which `farm_id` delivers or receives, or all of them for None (a coordinator)."""
    query = (
        select(Proposal)
        .join(Proposal.lot)
        .join(Proposal.request)
        .options(
            joinedload(Proposal.lot).joinedload(Lot.farm),
            joinedload(Proposal.request).joinedload(Request.farm),
        )
    )
    if farm_id is None:
        return query
    return query.where(or_(Lot.farm_id == farm_id, Request.farm_id == farm_id))


def as_seen_by(
    proposal: Proposal, farm_id: int, weighed: Weighed = NOTHING_WEIGHED
) -> FarmProposal:
    if proposal.lot.farm_id == farm_id:
        return FarmProposal(
            proposal,
            Side.SUPPLIER,
            proposal.request.farm,
            proposal.supplier_response,
            proposal.receiver_response,
            weighed,
        )
    return FarmProposal(
        proposal,
        Side.RECEIVER,
        proposal.lot.farm,
        proposal.receiver_response,
        proposal.supplier_response,
        weighed,
    )


def side_of(proposal: Proposal, farm_id: int) -> Side | None:
    if proposal.lot.farm_id == farm_id:
        return Side.SUPPLIER
    if proposal.request.farm_id == farm_id:
        return Side.RECEIVER
    return None


def respond(
    session: Session, proposal: Proposal, farm_id: int, answer: AnswerInput
) -> FarmProposal:
    """Record this farm's answer (and its reason, on a decline); refused when not approved,
    stale or already answered, and an acceptance while the farm itself waits for a
    coordinator's approval (a new name, Skal number or certification: a commitment is made
    by a farm a coordinator checked, as a listing is posted by one). Decided once: the
    answer is checked and written under the lot's and the request's locks
    (`capacity.lock_proposals`), so of an accept and a decline sent together the second
    finds the first and is refused."""
    side = side_of(proposal, farm_id)
    if side is None:
        raise ValidationError({"proposal": FieldError("not_your_proposal")})
    lock_proposals(session, [proposal])
    farm = proposal.lot.farm if side is Side.SUPPLIER else proposal.request.farm
    if answer.accept and not farm.approved:
        raise ValidationError({"proposal": FieldError("farm_not_approved")})
    problem = answer_problem(proposal, farm_id)
    if problem is not None:
        raise ValidationError({"proposal": FieldError(problem)})
    given = FarmerResponse.ACCEPTED if answer.accept else FarmerResponse.DECLINED
    setattr(proposal, f"{side.value}_response", given)
    setattr(proposal, f"{side.value}_reason", None if answer.accept else answer.reason)
    session.flush()
    return as_seen_by(proposal, farm_id)


def answer_problem(proposal: Proposal, farm_id: int) -> str | None:
    """Why this farm may not answer (a `market.core.validation.MESSAGES` code), or None."""
    seen = as_seen_by(proposal, farm_id)
    if proposal.review_status is not ReviewStatus.APPROVED:
        return "not_approved"
    if seen.stale:
        return "listing_changed"
    if seen.my_response is not FarmerResponse.PENDING:
        return "already_answered"
    if seen.their_response is FarmerResponse.DECLINED:
        return "other_declined"
    return None
