"""Threads between farms over the API: list, start ("I am interested"), read, write.

A farmer sees the threads of their farm, a coordinator every thread; anyone else asking for
a thread gets 404. Starting a thread is for an approved farm about another farm's open
listing within reach (coordinators do not trade: 403); a message is for the thread's two
farms. The other farm is mailed through the outbox, as from the pages. Deals are offered
and agreed on the thread's page.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from werkzeug.wrappers import Response

from market import models
from market.core.api import bp
from market.core.api.http import answer, created, json_body, page_of
from market.core.api.registry import operation
from market.core.extensions import app_state, db_session
from market.core.permissions import my_farm_id
from market.core.schemas import PageQuery
from market.core.validation import N_
from market.interest import notices
from market.interest.access import market_listing, party_farm, readable_thread, trading_farm
from market.interest.schemas import (
    InterestInput,
    MessageInput,
    MessageOut,
    OfferOut,
    Thread,
    ThreadPage,
)
from market.interest.services.reach import check_reach
from market.interest.services.threads import post_message, start_thread, threads_of

WRITE: dict[str, Any] = {"scope": "write", "idempotent": True, "status": 201}


def thread_body(thread: models.Thread) -> Thread:
    return Thread.of(
        thread,
        messages=[MessageOut.of(m) for m in thread.messages],
        offers=[OfferOut.of(o) for o in thread.offers],
    )


@operation(
    bp,
    "GET",
    "/threads",
    tag="threads",
    summary="List threads",
    response=ThreadPage,
    query=PageQuery,
    errors=(400,),
)
def list_threads() -> Response:
    """A farmer: the threads of my farm, the most recent first. A coordinator: all."""
    return page_of(threads_of(db_session(), my_farm_id()), thread_body)


@operation(
    bp,
    "POST",
    "/threads",
    tag="threads",
    summary="Show interest in a listing",
    body=InterestInput,
    response=Thread,
    errors=(403, 404, 422),
    **WRITE,
)
def start() -> Response:
    """My approved farm is interested in another farm's open lot or request: the thread
    (the existing one, if my farm showed interest before), with the message, if any."""
    data = json_body(InterestInput)
    if current_user.is_coordinator:
        abort(403, N_("Coordinators read threads; the farms write them."))
    farm = trading_farm()
    listing: models.Lot | models.Request = (
        market_listing(models.Lot, data.lot_id)
        if data.lot_id is not None
        else market_listing(models.Request, data.request_id or 0)
    )
    check_reach(farm, listing, app_state().settings.policy)
    thread = start_thread(db_session(), farm, current_user.id, listing, data.body)
    notices.tell_message(thread, farm, data.body)
    db_session().flush()
    db_session().refresh(thread)
    return created(thread_body(thread), "api.get_thread", thread_id=thread.id)


@operation(
    bp,
    "GET",
    "/threads/{thread_id}",
    tag="threads",
    summary="Read a thread",
    response=Thread,
    errors=(404,),
)
def get_thread(thread_id: int) -> Response:
    """The thread's messages and offers, oldest first: its two farms and coordinators."""
    return answer(thread_body(readable_thread(thread_id)))


@operation(
    bp,
    "POST",
    "/threads/{thread_id}/messages",
    tag="threads",
    summary="Write in a thread",
    body=MessageInput,
    response=MessageOut,
    errors=(403, 404, 422),
    **WRITE,
)
def write(thread_id: int) -> Response:
    """A message (plain text) from my farm, one of the thread's two; the other is mailed."""
    thread = readable_thread(thread_id)
    if current_user.is_coordinator:
        abort(403, N_("Coordinators read threads; the farms write them."))
    farm = party_farm(thread)
    data = json_body(MessageInput)
    message = post_message(db_session(), thread, farm.id, current_user.id, data.body)
    notices.tell_message(thread, farm, data.body)
    return created(MessageOut.of(message), "api.get_thread", thread_id=thread.id)
