"""The terms of a booking for the logged-in user: the page and the API book alike."""

from __future__ import annotations

from flask_login import current_user

from market.core.clock import today
from market.core.extensions import app_state
from market.deliveries.services.deliveries import Booking


def booking(key: str | None = None) -> Booking:
    """Today in the farms' time zone, the configured tolerance, and whether the user is a
    coordinator (who may confirm an excess); `key` is the form's one-time token."""
    settings = app_state().settings
    return Booking(
        today=today(settings),
        tolerance=settings.delivery_tolerance,
        user_id=current_user.id,
        coordinator=bool(current_user.is_coordinator),
        key=key,
        zone=settings.zone,
    )
