"""Who may do what: coordinators see everything; a farmer sees and changes only their own.

A farmer asking for another farm's listing gets 404, not 403: the answer should not tell
which ids exist. Coordinator-only pages answer 403, since their addresses are no secret.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required

from market.core.extensions import db_session
from market.deliveries.services.deliveries import is_party
from market.models import Delivery, Farm, Lot, Request

P = ParamSpec("P")
R = TypeVar("R")
L = TypeVar("L", bound=Lot | Request)


def coordinator_required(view: Callable[P, R]) -> Callable[P, R]:
    """Log-in required, and the account must be a coordinator's."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_coordinator:
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapper)


def my_farm() -> Farm:
    """The logged-in farmer's farm; 403 for an account without one (a coordinator)."""
    farm_id = current_user.farm_id
    farm = db_session().get(Farm, farm_id) if farm_id is not None else None
    if farm is None:
        abort(403)
    return farm


def may_see(farm_id: int) -> bool:
    return bool(current_user.is_coordinator or current_user.farm_id == farm_id)


def may_change(farm_id: int) -> bool:
    """Only the farm's own farmers change its listings; coordinators look, they do not edit."""
    return current_user.farm_id == farm_id


def visible_delivery(delivery_id: int) -> Delivery:
    """A delivery and its papers: only its two farms and coordinators see them, else 404."""
    delivery = db_session().get(Delivery, delivery_id)
    if delivery is None or not (
        current_user.is_coordinator or is_party(delivery, current_user.farm_id)
    ):
        abort(404)
    return delivery


def visible(listing: L | None) -> L:
    """The listing if this user may see its details (its farm, or a coordinator), else 404."""
    if listing is None or not may_see(listing.farm_id):
        abort(404)
    return listing


def changeable(listing: L | None) -> L:
    """The listing if this user's farm owns it; 404 to others (even coordinators: 403)."""
    listing = visible(listing)
    if not may_change(listing.farm_id):
        abort(403)
    return listing


def approved_farm() -> Farm | None:
    """The farmer's farm when it may post listings (approved), else None."""
    farm = my_farm()
    return farm if farm.approved else None
