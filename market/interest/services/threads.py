"""Threads between two farms about one listing, and their messages.

A farm may show interest in any open listing of another approved farm; showing interest
again in the same listing opens the same thread. A listing with nothing open (a lot's
tonnes or a request's kg N all committed or delivered: `listing_taken`) takes no interest,
as no deal could take any of it.
Who may read a thread (its two farms and the coordinators) is the views' check
(`market.core.permissions.may_see(*thread.farm_ids)`).
Operations flush and never commit; the view queues the mails and commits once.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, joinedload

from market.core.validation import FieldError, ValidationError
from market.models import (
    BalanceStatus,
    Farm,
    ListingStatus,
    Lot,
    Request,
    Thread,
    ThreadMessage,
    utcnow,
)
from market.proposals.services.balance import Balance, listing_balance

#: A listing's balance when nothing of it is open any more (`Balance.status`).
TAKEN = frozenset({BalanceStatus.COMMITTED, BalanceStatus.DELIVERED})
#: The refusal of interest in a fully taken listing, in the words for its side.
TAKEN_CODES = {Lot: "lot_fully_taken", Request: "request_fully_taken"}


def start_thread(
    session: Session, farm: Farm, user_id: int, listing: Lot | Request, body: str | None
) -> Thread:
    """The thread of `farm` about `listing` (made when there is none), with `body` as a new
    message when given. Refused for the farm's own listing, for a listing not open and for
    a listing fully taken (`listing_taken`)."""
    if listing.farm_id == farm.id:
        raise ValidationError({"listing": FieldError("own_listing")})
    if listing.status is not ListingStatus.OPEN:
        raise ValidationError({"listing": FieldError("listing_not_open")})
    if listing_taken(listing_balance(session, listing)):
        raise ValidationError({"listing": FieldError(TAKEN_CODES[type(listing)])})
    thread = thread_about(session, farm.id, listing) or _new(session, farm, user_id, listing)
    if body is not None:
        post_message(session, thread, farm.id, user_id, body)
    return thread


def listing_taken(balance: Balance) -> bool:
    """Nothing of the listing is open: all of a lot's tonnes or a request's kg N is
    committed or delivered."""
    return balance.status in TAKEN


def thread_about(session: Session, farm_id: int, listing: Lot | Request) -> Thread | None:
    """The thread `farm_id` opened about `listing`, if there is one."""
    column = Thread.lot_id if isinstance(listing, Lot) else Thread.request_id
    query = select(Thread).where(column == listing.id, Thread.farm_id == farm_id)
    return session.scalars(query).first()


def _new(session: Session, farm: Farm, user_id: int, listing: Lot | Request) -> Thread:
    is_lot = isinstance(listing, Lot)
    thread = Thread(
        lot_id=listing.id if is_lot else None,
        request_id=None if is_lot else listing.id,
        owner_farm_id=listing.farm_id,
        farm_id=farm.id,
        started_by_id=user_id,
    )
    session.add(thread)
    session.flush()
    return thread


def post_message(
    session: Session, thread: Thread, farm_id: int, user_id: int, body: str
) -> ThreadMessage:
    """`body` (plain text, already checked by `MessageInput`) from `farm_id`, a party."""
    message = ThreadMessage(thread=thread, farm_id=farm_id, user_id=user_id, body=body)
    session.add(message)
    touch(thread)
    session.flush()
    return message


def touch(thread: Thread) -> None:
    """The thread has news now (lists show the liveliest first)."""
    thread.last_at = utcnow()


def threads_of(session: Session, farm_id: int | None = None) -> list[Thread]:
    """Threads in which `farm_id` is a party (every thread for None: a coordinator)."""
    if farm_id is None:
        return _listed(session)
    return _listed(session, or_(Thread.owner_farm_id == farm_id, Thread.farm_id == farm_id))


def threads_between(session: Session, one: int, other: int) -> list[Thread]:
    """Threads of exactly these two farms (a proposal's supplier and receiver)."""
    pair = or_(
        and_(Thread.owner_farm_id == one, Thread.farm_id == other),
        and_(Thread.owner_farm_id == other, Thread.farm_id == one),
    )
    return _listed(session, pair)


def _listed(session: Session, *where: ColumnElement[bool]) -> list[Thread]:
    """The threads matching `where`, the most recent first, with listings and farms loaded."""
    query = (
        select(Thread)
        .where(*where)
        .options(
            joinedload(Thread.owner_farm),
            joinedload(Thread.farm),
            joinedload(Thread.lot),
            joinedload(Thread.request),
        )
        .order_by(Thread.last_at.desc(), Thread.id.desc())
    )
    return list(session.scalars(query))
