"""Who may do what: coordinators see everything; a farmer sees and changes only their own.

A farmer asking for another farm's listing gets 404, not 403: the answer should not tell
which ids exist. Coordinator-only pages answer 403, since their addresses are no secret.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, Protocol, TypeVar

from flask import abort
from flask_login import current_user, login_required

from market.core.extensions import db_session
from market.models import Delivery, Farm, Lot, Proposal, Request

P = ParamSpec("P")
R = TypeVar("R")
L = TypeVar("L", bound=Lot | Request)
D = TypeVar("D", bound=Delivery | Proposal)
T = TypeVar("T")


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


def my_farm_id() -> int | None:
    """The farmer's farm id, None for a coordinator (who sees every farm's rows); 403 for an
    account that is neither."""
    if current_user.is_coordinator:
        return None
    if current_user.farm_id is None:
        abort(403)
    return int(current_user.farm_id)


def may_see(*farm_ids: int) -> bool:
    """A coordinator sees everything; a farmer what one of `farm_ids` (its parties) owns."""
    return bool(current_user.is_coordinator or current_user.farm_id in farm_ids)


class Flagged(Protocol):
    """A listing, or a market list's row of one: its farm and its plausibility flags."""

    @property
    def farm_id(self) -> int: ...

    @property
    def flags(self) -> list[str]: ...


def review_flags(listing: Flagged) -> list[str]:
    """The listing's plausibility flags (`matching.rules.plausibility`) for its farm, which
    corrects or confirms the data, and the coordinators, who check it; none for another farm.
    A flag questions the farm's own data (its livestock, certification, land), so it is a
    matter between the farm and the coordinators, not a fact about the manure to trade on."""
    return list(listing.flags or []) if may_see(listing.farm_id) else []


def may_change(farm_id: int) -> bool:
    """Only the farm's own farmers change its listings; coordinators look, they do not edit."""
    return current_user.farm_id == farm_id


def found(model: type[T], row_id: int) -> T:
    """The row of `model` with id `row_id`; 404 when there is none."""
    row = db_session().get(model, row_id)
    if row is None:
        abort(404)
    return row


def party_row(model: type[D], row_id: int) -> D:
    """A delivery or proposal with its papers: only its two farms and coordinators see it,
    anyone else gets 404 (as for a missing id)."""
    row = found(model, row_id)
    if not may_see(*row.farm_ids):
        abort(404)
    return row


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
