"""Who reads what in the interest area, shared by its pages and its API (they need the
request's user, so this cannot be a service).

A listing's market view and "I am interested" are for approved farms (and coordinators, who
see everything); a thread for its two farms and the coordinators. Anyone else gets 404, as
for an id that does not exist: the answer should not tell which threads there are.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user

from market.core.extensions import db_session
from market.core.permissions import may_see
from market.models import DealOffer, Farm, ListingStatus, Lot, Request, Thread

L = TypeVar("L", Lot, Request)


def market_viewer() -> Farm | None:
    """The viewer's farm when it is approved, None for a coordinator; 404 for anyone else
    (not logged in, an unapproved farm)."""
    if not current_user.is_authenticated:
        abort(404)
    if current_user.is_coordinator:
        return None
    farm = db_session().get(Farm, current_user.farm_id) if current_user.farm_id else None
    if farm is None or not farm.approved:
        abort(404)
    return farm


def market_listing(model: type[L], listing_id: int) -> L:
    """An open listing of an approved farm, for an approved farm or a coordinator; else 404."""
    market_viewer()
    listing = db_session().get(model, listing_id)
    if listing is None or listing.status is not ListingStatus.OPEN or not listing.farm.approved:
        abort(404)
    return listing


def trading_farm() -> Farm:
    """The viewer's approved farm (coordinators do not trade): 404 otherwise."""
    farm = market_viewer()
    if farm is None:
        abort(404)
    return farm


def readable_thread(thread_id: int) -> Thread:
    """The thread for its two farms and the coordinators; 404 for anyone else."""
    if not current_user.is_authenticated:
        abort(404)
    thread = db_session().get(Thread, thread_id)
    if thread is None or not may_see(*thread.farm_ids):
        abort(404)
    return thread


def party_farm(thread: Thread) -> Farm:
    """The viewer's farm when it is one of the thread's two (coordinators read, they do not
    write): 403 for a coordinator."""
    if current_user.farm_id not in thread.farm_ids:
        abort(403)
    return thread.farm if thread.farm_id == current_user.farm_id else thread.owner_farm


def readable_offer(offer_id: int) -> DealOffer:
    offer = db_session().get(DealOffer, offer_id)
    if offer is None:
        abort(404)
    readable_thread(offer.thread_id)
    return offer
