"""Write locks on lots and requests, taken before an operation checks a balance.

Every operation that moves a quantity (approve, adjust, accept, decline, withdraw, deliver)
must read the balance it checks *after* no other such operation can change it, or two at once
both see the same open tonnes and both succeed. `lock_listings` gives that on both databases:
- PostgreSQL: `SELECT … FOR UPDATE` on the rows; a second transaction waits at the lock and
  then reads what the first committed.
- SQLite: one writer at a time, but Python's driver reads outside a transaction until the
  first write, so a check can read a balance that is already out of date when it writes. A
  no-op `UPDATE` of the rows is that first write: it takes the database's write lock (waiting
  for the busy timeout), like `BEGIN IMMEDIATE`, and every read after it is current.
The order is fixed (all lots by id, then all requests by id, then their farms by id), so two
bulk operations that touch overlapping rows wait for each other instead of deadlocking. The
farms are locked because an approval checks the receiving farm's N room and A-share (R1, R2,
R8) and the R5 sides of both farms, which proposals on *other* lots and requests of the same
farms change too. Take every lock an
operation needs in one call, before reading. Rows loaded earlier in the session are reloaded
(`populate_existing`), so the caller reads committed values after the call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from market.models import Farm, Lot, Proposal, Request


def lock_listings(
    session: Session, lot_ids: Iterable[int] = (), request_ids: Iterable[int] = ()
) -> None:
    """Lock the lots `lot_ids`, then the requests `request_ids` (each by ascending id) until
    the session's transaction ends, and reload them (and nothing else) from the database."""
    for model, ids in ((Lot, sorted(set(lot_ids))), (Request, sorted(set(request_ids)))):
        if not ids:
            continue
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                update(model)
                .where(model.id.in_(ids))
                .values(version=model.version, updated_at=model.updated_at),
                execution_options={"synchronize_session": False},
            )
        rows = select(model).where(model.id.in_(ids)).order_by(model.id)
        session.scalars(rows.with_for_update().execution_options(populate_existing=True)).all()


def lock_listing(session: Session, listing: Lot | Request) -> None:
    """Lock one lot or request (`lock_listings`) before the tag a write is based on is
    checked (`market.core.api.http.tag_matches`): the check reads what is committed and
    holds until the write commits, so of two writes carrying the same tag only one passes."""
    if isinstance(listing, Lot):
        lock_listings(session, lot_ids=[listing.id])
    else:
        lock_listings(session, request_ids=[listing.id])


def lock_farms(session: Session, farm_ids: Iterable[int]) -> None:
    """Lock the farms `farm_ids` (ascending id) and reload them. PostgreSQL only needs it:
    on SQLite the listings' no-op `UPDATE` before it already holds the database's one write
    lock."""
    ids = sorted(set(farm_ids))
    if ids:
        rows = select(Farm).where(Farm.id.in_(ids)).order_by(Farm.id).with_for_update()
        session.scalars(rows.execution_options(populate_existing=True)).all()


def lock_proposals(session: Session, proposals: Iterable[Proposal]) -> None:
    """Lock the lots and requests of `proposals`, then both farms of each (one call, fixed
    order), and reload the proposals, so every check after this reads what is committed."""
    proposals = list(proposals)
    lock_listings(session, (p.lot_id for p in proposals), (p.request_id for p in proposals))
    farms = [farm for p in proposals for farm in (p.lot.farm_id, p.request.farm_id)]
    lock_farms(session, farms)
    for proposal in proposals:
        session.refresh(proposal)


def lock_name(session: Session, name: str) -> None:
    """Lock `name` (a paper's number, normalised by the caller) until the transaction ends,
    so that checking whether another row holds it and inserting this row are one step: a
    second transaction with the same name waits, then reads what the first committed.
    PostgreSQL: a transaction-level advisory lock on a 64-bit hash of the name. SQLite needs
    none: take it after `lock_listings`, whose no-op `UPDATE` already holds the one write
    lock."""
    if session.get_bind().dialect.name == "postgresql":
        digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
        key = int.from_bytes(digest, "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(key)))
