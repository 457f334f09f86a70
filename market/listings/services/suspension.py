"""A coordinator suspends a listing, and lifts the suspension.

One listing must never stop the whole market: a coordinator who finds a listing wrong (a
figure nobody believes, a farm under investigation) suspends it with a reason. It stays
open and its farmer sees it suspended, with the reason; no run is offered it (the run's
admission leaves it out, `market.runs.services.admission`). Neither step changes the
listing's version: its terms are as they were.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from market.core.validation import FieldError, ValidationError
from market.listings.schemas import SuspensionInput
from market.models import ListingStatus, Lot, Request, utcnow


def suspend(session: Session, listing: Lot | Request, data: SuspensionInput) -> Lot | Request:
    """Suspend an open listing with the coordinator's reason (again: the new reason)."""
    _require_open(listing)
    listing.suspended_at = utcnow()
    listing.suspended_reason = data.reason
    session.flush()
    return listing


def lift_suspension(session: Session, listing: Lot | Request) -> Lot | Request:
    """The listing is offered to runs again; lifting nothing changes nothing."""
    listing.suspended_at = None
    listing.suspended_reason = None
    session.flush()
    return listing


def _require_open(listing: Lot | Request) -> None:
    if listing.status is not ListingStatus.OPEN:
        code = "lot_not_open" if isinstance(listing, Lot) else "request_not_open"
        raise ValidationError({"status": FieldError(code)})
