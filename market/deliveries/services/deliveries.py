"""Deliveries against accepted proposals, and who may see them.

A delivery is booked only when the coordinator approved the proposal and both farms
accepted it: the ledger then holds what was agreed and weighed, nothing else. The
verklaring van herkomst (declaration of origin, R11) is numbered when the delivery
contains animal manure, the only batches that need one: last, once nothing can refuse the
booking, as the year's register has no gaps (`ledger.number_declaration`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import FARM_TIMEZONE
from market.audit import services as audit
from market.core.locks import lock_name, lock_proposals
from market.core.schemas.units import KG_PATTERN, TONNES_PATTERN
from market.core.validation import FieldError, Figure, ValidationError
from market.deliveries.schemas import Weighing
from market.deliveries.services.documents import check_document, document_key
from market.deliveries.services.ledger import number_declaration, record_delivery, weighed_columns
from market.listings.services.listings import lot_origin
from market.models import AuditEntry, Delivery, FarmerResponse, Proposal, ReviewStatus
from market.proposals.services.balance import (
    TOLERANCE,
    Weighed,
    counted_n_per_t,
    lot_balance,
    request_balance,
    weighed_by_proposal,
)
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
    that delivery when the weighing says the same (booked once, however often the form is
    sent; other figures are refused, `_replayed`); the date must lie between the approval
    and today, and within the proposal's delivery window unless the weighing confirms the
    manure is stored (`_outside_window`); the proposal's deliveries together may exceed its
    tonnes by the tolerance, more only when a coordinator confirms with `data.excess_reason`
    (written to the audit log), and never more than the lot and the request hold
    (`_check_tonnes`); a transport document number another delivery has is booked only
    when confirmed, checked under a lock on the number (`documents.check_document`). Contents left
    out default to the lot's (`ledger.record_delivery`).
    A batch of animal manure gets its declaration's number after all of that and the
    insert, so the year's counter is locked only from there to the commit.
    Raises `ValidationError` naming every field that breaks a rule at once, so the form is
    corrected in one round.
    """
    lock_proposals(session, [proposal])
    if data.transport_document_no is not None:
        lock_name(session, document_key(data.transport_document_no))
    if booking.key is not None:
        booked = session.scalar(select(Delivery).where(Delivery.submission_key == booking.key))
        if booked is not None:
            return _replayed(booked, proposal, data)
    if not agreed(proposal):
        raise ValidationError({"proposal": FieldError("not_agreed")})
    lot = proposal.lot
    errors = rule_errors(session, proposal, data, booking)
    if errors:
        raise ValidationError(errors)
    outside = _outside_window(proposal, data)[0]
    excess = _check_tonnes(session, proposal, data, booking)[0]
    lot_class = classify_lot(lot.kind, lot_origin(lot))
    delivery = record_delivery(session, lot, proposal.request.farm, lot_class, data, proposal)
    delivery.submission_key = booking.key
    delivery.stored_until_spreading = outside
    if excess is not None:
        _record_excess(session, proposal, delivery.id, excess, data, booking)
    session.flush()
    if needs_declaration(delivery):
        number_declaration(session, delivery)
    return delivery


def _replayed(booked: Delivery, proposal: Proposal, data: Weighing) -> Delivery:
    """The delivery a form's first sending booked, when this sending says the same: the same
    proposal and the columns the weighing gives (`ledger.weighed_columns`; a declaration's
    number the market gave is its own). Other figures under the same key are refused with
    `submission_reused`, as the API refuses an Idempotency-Key sent again with another body
    (`market.core.api.idempotency`): the person meant another delivery, or a correction, and
    neither may be answered with the first one as if booked."""
    columns = weighed_columns(data, proposal.lot)
    if needs_declaration(booked):
        columns.pop("declaration_of_origin_no")
    same = all(getattr(booked, name) == value for name, value in columns.items())
    if same and booked.proposal_id == proposal.id:
        return booked
    shown = {"day": booked.delivered_on, "tonnes": Figure(booked.weighed_tonnes, TONNES_PATTERN)}
    raise ValidationError({"submission": FieldError("submission_reused", shown)})


Errors = dict[str, FieldError]


def rule_errors(session: Session, proposal: Proposal, data: Weighing, booking: Booking) -> Errors:
    """Every rule of `deliver` that `data` breaks, by field (date, window, tonnes, sample,
    transport document);
    {} when it may be booked. A form whose other fields were refused asks this of the rest,
    so that all its errors come in one answer."""
    return {
        **_outside_window(proposal, data)[1],
        **_check_day(proposal, data.delivered_on, booking),
        **_check_tonnes(session, proposal, data, booking)[1],
        **_check_sample(proposal.lot.kind, data),
        **check_document(session, proposal, data),
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


def with_margin(amount: float, tolerance: float) -> float:
    """`amount` and `tolerance` (`Settings.delivery_tolerance`, 0.10 = 10 %) above it: what
    weighing may bring against an agreed or listed quantity, because a truck's load is
    weighed, not poured to the tonne."""
    return amount * (1 + tolerance)


def allowed_tonnes(proposal: Proposal, tolerance: float) -> float:
    """What may be weighed on `proposal` in all without a coordinator's reason."""
    return with_margin(proposal.tonnes, tolerance)


def _check_tonnes(
    session: Session, proposal: Proposal, data: Weighing, booking: Booking
) -> tuple[float | None, Errors]:
    """Σ weighed on the proposal ≤ its tonnes × (1 + tolerance): above it, refused with
    `over_tolerance`, unless a coordinator gives a reason; then the weighed total to record
    as an excess (else None). The reason lifts the proposal's bound only, never what its
    lot and request hold (`_beyond_listings`)."""
    before = weighed_by_proposal(session, [proposal.id]).get(proposal.id, Weighed()).tonnes
    total = before + data.weighed_tonnes
    allowed = allowed_tonnes(proposal, booking.tolerance)
    if total <= allowed + TOLERANCE:
        return None, {}
    if not (booking.coordinator and data.excess_reason):
        shown = _over(total, allowed, booking.tolerance, TONNES_PATTERN)
        return None, {"weighed_tonnes": FieldError("over_tolerance", shown)}
    beyond = _beyond_listings(session, proposal, data, booking.tolerance)
    return (None, beyond) if beyond else (total, {})


def _beyond_listings(
    session: Session, proposal: Proposal, data: Weighing, tolerance: float
) -> Errors:
    """A coordinator's excess stays within what the ledger can hold as true. The lot's
    weighed tonnes, all its deliveries and this one, ≤ its tonnes × (1 + tolerance), else
    `over_lot`: no lot yields more than it holds, the scale's margin aside (a lot that held
    more is corrected by its supplier first). Likewise the request's delivered kg N, this
    weighing's at its sample's N (`counted_n_per_t`), ≤ its kg N × (1 + tolerance), else
    `over_request`: no one may book N on a farm that did not ask for it. Within the
    proposal's own tolerance the approval already kept the proposals within both, so only
    an excess is measured against them."""
    lot, wanted = proposal.lot, proposal.request
    tonnes = lot_balance(session, lot).delivered + data.weighed_tonnes
    if tonnes > with_margin(lot.tonnes, tolerance) + TOLERANCE:
        shown = _over(tonnes, with_margin(lot.tonnes, tolerance), tolerance, TONNES_PATTERN)
        offered = Figure(lot.tonnes, TONNES_PATTERN)
        return {"weighed_tonnes": FieldError("over_lot", {**shown, "offered": offered})}
    n_per_t = counted_n_per_t(lot.kind, weighed_columns(data, lot)["n_kg_per_t"])
    n_kg = request_balance(session, wanted).delivered + data.weighed_tonnes * n_per_t
    if n_kg > with_margin(wanted.n_kg, tolerance) + TOLERANCE:
        shown = _over(n_kg, with_margin(wanted.n_kg, tolerance), tolerance, KG_PATTERN)
        asked = Figure(wanted.n_kg, KG_PATTERN)
        return {"weighed_tonnes": FieldError("over_request", {**shown, "asked": asked})}
    return {}


def _over(total: float, allowed: float, tolerance: float, pattern: str) -> dict[str, object]:
    """A refusal's figures: the total and the limit as the pages write them (`pattern`), the
    tolerance in whole percent."""
    return {
        "total": Figure(total, pattern),
        "allowed": Figure(allowed, pattern),
        "percent": round(100 * tolerance),
    }


def _record_excess(
    session: Session,
    proposal: Proposal,
    delivery_id: int,
    total: float,
    data: Weighing,
    booking: Booking,
) -> None:
    """The coordinator's reason for weighing more than the tolerance, in the audit log under
    the proposal, naming the delivery it let through (whose page shows the reason)."""
    audit.record(
        session,
        booking.user_id,
        "delivery.excess",
        "proposal",
        proposal.id,
        tonnes=proposal.tonnes,
        weighed_total=total,
        reason=data.excess_reason,
        delivery_id=delivery_id,
    )


def excess_reason(session: Session, delivery: Delivery) -> str | None:
    """The coordinator's reason that let `delivery` pass its proposal's tolerance (the audit
    log's `delivery.excess` entry naming it); None for a delivery within the tolerance, and
    for one booked before the entries named their delivery (the reason is then in the log
    under the proposal only)."""
    if delivery.proposal_id is None:
        return None
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "delivery.excess",
            AuditEntry.target_type == "proposal",
            AuditEntry.target_id == delivery.proposal_id,
        )
    )
    named = (entry for entry in entries if entry.detail.get("delivery_id") == delivery.id)
    return next((entry.detail["reason"] for entry in named), None)
