"""What the deliveries pages list: a farm's deliveries and the proposals awaiting one.

Split from `market.deliveries.services.deliveries` (booking): reading, not writing.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from market.models import Delivery, FarmerResponse, Proposal, ReviewStatus
from market.proposals.services.answers import with_parties
from market.proposals.services.balance import still_due


def deliveries_for(session: Session, farm_id: int | None) -> list[Delivery]:
    """A farm's deliveries in and out, or every delivery (coordinators: `farm_id` None)."""
    query = (
        select(Delivery)
        .options(joinedload(Delivery.supplier), joinedload(Delivery.receiver))
        .order_by(Delivery.delivered_on.desc(), Delivery.id.desc())
    )
    if farm_id is not None:
        query = query.where(
            or_(Delivery.supplier_farm_id == farm_id, Delivery.receiver_farm_id == farm_id)
        )
    return list(session.scalars(query))


def awaiting_delivery(session: Session, farm_id: int | None, tolerance: float) -> list[Proposal]:
    """Agreed proposals with tonnes still to deliver (`still_due`), for the farm (or all, for
    coordinators)."""
    weighed = (
        select(func.coalesce(func.sum(Delivery.weighed_tonnes), 0.0))
        .where(Delivery.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    query = with_parties(farm_id).where(
        Proposal.review_status == ReviewStatus.APPROVED,
        Proposal.supplier_response == FarmerResponse.ACCEPTED,
        Proposal.receiver_response == FarmerResponse.ACCEPTED,
        still_due(weighed, Proposal.tonnes, tolerance),
    )
    return list(session.scalars(query.order_by(Proposal.id)).unique())
