"""Transport documents (VDM, CMR) of deliveries: one number, one transport.

Split from `market.deliveries.services.deliveries` (booking), which asks `check_document`
among its rules and locks the number (`market.core.locks.lock_name` on `document_key`) before.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from market.core.validation import FieldError
from market.deliveries.schemas import Weighing
from market.models import Delivery, Proposal


def document_key(number: str) -> str:
    """A transport document number as compared: trimmed, in lower case ("VDM-123" is
    " vdm-123 "), as the scanned paper and the typed one differ only so."""
    return number.strip().lower()


def check_document(session: Session, proposal: Proposal, data: Weighing) -> dict[str, FieldError]:
    """A transport document number (VDM or CMR) identifies one transport, so one that another
    delivery between the same two farms already has is implausible, yet possible (one
    document for two loads of a trip): refused with `transport_document_used` and that
    delivery's day (the latest such) unless the weighing confirms it
    (`confirm_document_used`). Compared as `document_key` says, in SQL. Only deliveries of
    this supplier to this receiver count: both farms see those, and no other farm's
    deliveries may show through a refusal (not even that a number is in use)."""
    number = data.transport_document_no
    if number is None or data.confirm_document_used:
        return {}
    stored = func.lower(func.trim(Delivery.transport_document_no))
    parties = and_(
        Delivery.supplier_farm_id == proposal.lot.farm_id,
        Delivery.receiver_farm_id == proposal.request.farm_id,
    )
    used = select(Delivery.delivered_on).where(stored == document_key(number), parties)
    day = session.scalar(used.order_by(Delivery.delivered_on.desc()).limit(1))
    if day is None:
        return {}
    return {"transport_document_no": FieldError("transport_document_used", {"day": day})}
