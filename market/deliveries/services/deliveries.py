"""Deliveries against accepted proposals, and who may see them.

A delivery is booked only when the coordinator approved the proposal and both farms
accepted it: the ledger then holds what was agreed and weighed, nothing else. The
verklaring van herkomst (declaration of origin, R11) is numbered when the delivery
contains animal manure, the only batches that need one.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from market.core.validation import FieldError, ValidationError
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.listings.services.listings import lot_origin
from market.models import Delivery, FarmerResponse, Proposal, ReviewStatus
from market.proposals.services.answers import with_parties


def agreed(proposal: Proposal) -> bool:
    """Approved by a coordinator and accepted by both farms."""
    return (
        proposal.review_status is ReviewStatus.APPROVED
        and proposal.supplier_response is FarmerResponse.ACCEPTED
        and proposal.receiver_response is FarmerResponse.ACCEPTED
    )


def needs_declaration(delivery: Delivery) -> bool:
    """Every batch of animal manure travels with a declaration of origin (R11)."""
    return delivery.animal_fraction > 0


def deliver(session: Session, proposal: Proposal, data: Weighing) -> Delivery:
    """Book a weighed delivery of an agreed proposal; the lot is classified as of today.

    Contents left out default to the lot's (`ledger.record_delivery`).
    """
    from matching.rules import classify_lot

    if not agreed(proposal):
        raise ValidationError({"proposal": FieldError("not_agreed")})
    lot = proposal.lot
    lot_class = classify_lot(lot.kind, lot_origin(lot))
    delivery = record_delivery(session, lot, proposal.request.farm, lot_class, data, proposal)
    if needs_declaration(delivery):
        delivery.declaration_of_origin_no = declaration_number(delivery)
        session.flush()
    return delivery


def declaration_number(delivery: Delivery) -> str:
    return f"VVH-{delivery.delivered_on.year}-{delivery.id:06d}"


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


def awaiting_delivery(session: Session, farm_id: int | None) -> list[Proposal]:
    """Agreed proposals without a delivery yet, for the farm (or all, for coordinators)."""
    booked = select(Delivery.proposal_id).where(Delivery.proposal_id.is_not(None))
    query = with_parties(farm_id).where(
        Proposal.review_status == ReviewStatus.APPROVED,
        Proposal.supplier_response == FarmerResponse.ACCEPTED,
        Proposal.receiver_response == FarmerResponse.ACCEPTED,
        Proposal.id.not_in(booked),
    )
    return list(session.scalars(query.order_by(Proposal.id)).unique())
