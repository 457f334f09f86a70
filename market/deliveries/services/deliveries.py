"""Deliveries against accepted proposals, and who may see them.

A delivery is booked only when the coordinator approved the proposal and both farms
accepted it: the ledger then holds what was agreed and weighed, nothing else. The
verklaring van herkomst (declaration of origin, R11) is numbered when the delivery
contains animal manure, the only batches that need one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from config.settings import FARM_TIMEZONE
from market.audit import services as audit
from market.core.locks import lock_proposals
from market.core.validation import FieldError, ValidationError
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.listings.services.listings import lot_origin
from market.models import Delivery, FarmerResponse, Proposal, ReviewStatus
from market.proposals.services.answers import with_parties
from market.proposals.services.balance import TOLERANCE, Weighed, weighed_by_proposal
from matching.rules import classify_lot
from matching.rules.plausibility import CONTENT_FIELDS, usual_content


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


FARM_ZONE = ZoneInfo(FARM_TIMEZONE)


@dataclass(frozen=True)
class Booking:
    """Who books a delivery and on what terms: the farms' today (`market.core.clock.today`),
    the tolerance (`Settings.delivery_tolerance`, 0.10 = 10 %), the user (a coordinator may
    confirm an excess), the submission's one-time key (the form's token or the API's
    Idempotency-Key; None: none given), and the farms' time zone (`Settings.zone`) in which
    the approval's day is read."""

    today: date
    tolerance: float
    user_id: int
    coordinator: bool
    key: str | None = None
    zone: ZoneInfo = FARM_ZONE


def deliver(session: Session, proposal: Proposal, data: Weighing, booking: Booking) -> Delivery:
    """Book a weighed delivery of an agreed proposal; the lot is classified as of today.

    Under the lot's and the request's locks (`market.core.locks.lock_proposals`, so two
    submissions at once are booked one after the other): a key already booked answers with
    that delivery (booked once, however often the form is sent); the date must lie between
    the approval and today, and within the proposal's delivery window unless the weighing
    confirms the manure is stored (`_outside_window`); the proposal's deliveries together may
    exceed its tonnes by the tolerance, more only when a coordinator confirms with
    `data.excess_reason` (written to the audit log). Contents left out default to the lot's
    (`ledger.record_delivery`). Raises `ValidationError` naming every field that breaks a
    rule at once, so the form is corrected in one round.
    """
    lock_proposals(session, [proposal])
    if booking.key is not None:
        booked = session.scalar(select(Delivery).where(Delivery.submission_key == booking.key))
        if booked is not None:
            return booked
    if not agreed(proposal):
        raise ValidationError({"proposal": FieldError("not_agreed")})
    lot = proposal.lot
    errors = rule_errors(session, proposal, data, booking)
    if errors:
        raise ValidationError(errors)
    outside = _outside_window(proposal, data)[0]
    excess = _check_tonnes(session, proposal, data, booking)[0]
    if excess is not None:
        _record_excess(session, proposal, excess, data, booking)
    lot_class = classify_lot(lot.kind, lot_origin(lot))
    delivery = record_delivery(session, lot, proposal.request.farm, lot_class, data, proposal)
    delivery.submission_key = booking.key
    delivery.stored_until_spreading = outside
    if needs_declaration(delivery):
        delivery.declaration_of_origin_no = declaration_number(delivery)
    session.flush()
    return delivery


Errors = dict[str, FieldError]


def rule_errors(session: Session, proposal: Proposal, data: Weighing, booking: Booking) -> Errors:
    """Every rule of `deliver` that `data` breaks, by field (date, window, tonnes, sample);
    {} when it may be booked. A form whose other fields were refused asks this of the rest,
    so that all its errors come in one answer."""
    return {
        **_outside_window(proposal, data)[1],
        **_check_day(proposal, data.delivered_on, booking),
        **_check_tonnes(session, proposal, data, booking)[1],
        **_check_sample(proposal.lot.kind, data),
    }


def _check_day(proposal: Proposal, day: date, booking: Booking) -> Errors:
    """Not in the future, and not before the day (in the farms' zone) of the approval."""
    reviewed = proposal.reviewed_at
    approved = reviewed.astimezone(booking.zone).date() if reviewed else None
    if day > booking.today:
        return {"delivered_on": FieldError("date_future")}
    if approved is not None and day < approved:
        return {"delivered_on": FieldError("before_approval", {"day": approved})}
    return {}


def _outside_window(proposal: Proposal, data: Weighing) -> tuple[bool, Errors]:
    """Whether the day lies outside the proposal's delivery window (the legal spreading period
    it was proposed for); such a day is refused with `outside_window` unless the weighing
    confirms that the receiver stores the manure until then (`confirm_outside_window`), and
    the delivery keeps that it is stored (`Delivery.stored_until_spreading`)."""
    start, end, day = proposal.delivery_from, proposal.delivery_until, data.delivered_on
    inside = (start is None or day >= start) and (end is None or day <= end)
    if inside or data.confirm_outside_window:
        return not inside, {}
    shown = {"start": start or "–", "end": end or "–"}
    return True, {"delivered_on": FieldError("outside_window", shown)}


def _check_sample(kind: str, data: Weighing) -> Errors:
    """Sampled contents outside the sector range of the lot's kind are refused with
    `unusual_figure` and the range, unless the weighing confirms them (`confirm_unusual`)."""
    if data.confirm_unusual:
        return {}
    errors = {}
    for field in CONTENT_FIELDS:
        value, usual = getattr(data, field), usual_content(kind, field)
        if value is not None and usual is not None and not usual.holds(value):
            errors[field] = FieldError("unusual_figure", {"low": usual.low, "high": usual.high})
    return errors


def allowed_tonnes(proposal: Proposal, tolerance: float) -> float:
    """What may be weighed on `proposal` in all without a coordinator's reason: its tonnes
    and `tolerance` (`Settings.delivery_tolerance`, 0.10 = 10 %) above them, because a
    truck's load is weighed, not poured to the tonne."""
    return proposal.tonnes * (1 + tolerance)


def _check_tonnes(
    session: Session, proposal: Proposal, data: Weighing, booking: Booking
) -> tuple[float | None, Errors]:
    """Σ weighed on the proposal ≤ its tonnes × (1 + tolerance): above it, refused with
    `over_tolerance`, unless a coordinator gives a reason; then the weighed total to record
    as an excess (else None)."""
    before = weighed_by_proposal(session, [proposal.id]).get(proposal.id, Weighed()).tonnes
    total = before + data.weighed_tonnes
    allowed = allowed_tonnes(proposal, booking.tolerance)
    if total <= allowed + TOLERANCE:
        return None, {}
    if booking.coordinator and data.excess_reason:
        return total, {}
    shown = {
        "total": round(total, 1),
        "allowed": round(allowed, 1),
        "percent": round(100 * booking.tolerance),
    }
    return None, {"weighed_tonnes": FieldError("over_tolerance", shown)}


def _record_excess(
    session: Session, proposal: Proposal, total: float, data: Weighing, booking: Booking
) -> None:
    """The coordinator's reason for weighing more than the tolerance, in the audit log."""
    audit.record(
        session,
        booking.user_id,
        "delivery.excess",
        "proposal",
        proposal.id,
        tonnes=proposal.tonnes,
        weighed_total=total,
        reason=data.excess_reason,
    )


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
