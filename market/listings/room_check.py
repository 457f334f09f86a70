"""Posting and editing a request with its farm's N room checked, for the page and the API
alike: the listings' services save the request, `flag_room` marks it when it asks more N than
the farm has room left for (`market.listings.services.room`), with the policy and the farms'
date the app's settings give.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from market.core.clock import today
from market.core.extensions import app_state
from market.listings.schemas import RequestInput, RequestPatch
from market.listings.services.listings import create_request, update_request
from market.listings.services.room import RoomShortfall, flag_room, room_shortfall
from market.models import Farm, Request


def post_request(session: Session, farm: Farm, data: RequestInput) -> Request:
    """`create_request`, the new request flagged against its farm's room."""
    return _flagged(session, create_request(session, farm, data))


def edit_request(session: Session, request: Request, patch: RequestPatch) -> Request:
    """`update_request`, the request flagged anew against its farm's room as it is now."""
    return _flagged(session, update_request(session, request, patch))


def shortfall(session: Session, request: Request) -> RoomShortfall | None:
    """`room_shortfall` of `request` today, for the page's warning."""
    settings = app_state().settings
    return room_shortfall(session, request, settings.policy, today(settings))


def _flagged(session: Session, request: Request) -> Request:
    settings = app_state().settings
    flag_room(session, request, settings.policy, today(settings))
    return request
