"""The audit log: who approved, rejected or adjusted what, and when.

Written in the same transaction as the decision it records, so there is never a decision
without its entry (or an entry for a decision that was rolled back). Read by coordinators
on the `/audit` page, filtered and a page at a time, newest first. A run that is a deal is
named as every other page names it ("Deal 2", its own number among the deals), not by its id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from market.audit.schemas import AuditQuery
from market.interest.services.deal_numbers import deal_numbers
from market.models import AuditEntry, Proposal, User

PER_PAGE = 50


@dataclass(frozen=True)
class AuditRow:
    """One entry with its actor's name (None for an entry of a deleted account or the system)."""

    entry: AuditEntry
    actor_name: str | None


@dataclass(frozen=True)
class AuditPage:
    """Page `number` (from 1) of `total` matching entries, `PER_PAGE` at a time; `deals`:
    the runs its entries name that are deals, each with the deal's own number; `proposal_runs`:
    the run of each proposal its entries act on (a proposal is shown on its run's page)."""

    rows: list[AuditRow]
    number: int
    total: int
    deals: dict[int, int] = field(default_factory=dict)
    proposal_runs: dict[int, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def record(
    session: Session,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int,
    **detail: Any,
) -> AuditEntry:
    """Add one entry; `detail` must be JSON-serialisable (numbers, strings, lists)."""
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
    )
    session.add(entry)
    session.flush()
    return entry


def find_entries(session: Session, wanted: AuditQuery, zone: tzinfo) -> AuditPage:
    """Page `wanted.page` of the entries matching `wanted`, newest first; a page beyond the
    last is empty. Dates are days in `zone` (the farms' time zone, in which the page shows
    the times), both ends included."""
    matching = _conditions(wanted, zone)
    query = select(AuditEntry, User.name).where(*matching)
    total = session.scalar(select(func.count(AuditEntry.id)).where(*matching)) or 0
    query = query.outerjoin(User, User.id == AuditEntry.actor_id)
    query = query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    found = session.execute(query.limit(PER_PAGE).offset((wanted.page - 1) * PER_PAGE))
    rows = [AuditRow(entry, name) for entry, name in found]
    deals = deal_numbers(session, _runs_named(row.entry for row in rows))  # one query a page
    proposals = {row.entry.target_id for row in rows if row.entry.target_type == "proposal"}
    runs = session.execute(select(Proposal.id, Proposal.run_id).where(Proposal.id.in_(proposals)))
    return AuditPage(rows, wanted.page, total, deals, {id_: run for id_, run in runs})


def _runs_named(entries: Iterable[AuditEntry]) -> set[int]:
    """The runs the entries name: a run they act on, and the run in their detail (a
    proposal's decisions name its run as `run_id`)."""
    runs: set[int] = set()
    for entry in entries:
        if entry.target_type == "run":
            runs.add(entry.target_id)
        run_id = (entry.detail or {}).get("run_id")
        if isinstance(run_id, int) and not isinstance(run_id, bool):
            runs.add(run_id)
    return runs


def actions(session: Session) -> list[str]:
    """Every action that occurs in the log, for the filter's choices."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def target_types(session: Session) -> list[str]:
    """Every kind of object the log mentions (farm, proposal, …)."""
    query = select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)
    return list(session.scalars(query))


def actors(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every account that has an entry, by name."""
    query = select(User.id, User.name).where(User.id.in_(select(AuditEntry.actor_id)))
    return [(row.id, row.name) for row in session.execute(query.order_by(User.name))]


def _conditions(wanted: AuditQuery, zone: tzinfo) -> list[ColumnElement[bool]]:
    """The SQL conditions for the filters that are set."""
    conditions = [
        AuditEntry.action == wanted.action if wanted.action else None,
        AuditEntry.actor_id == wanted.actor if wanted.actor is not None else None,
        AuditEntry.target_type == wanted.target_type if wanted.target_type else None,
        AuditEntry.target_id == wanted.target_id if wanted.target_id is not None else None,
        AuditEntry.created_at >= _start(wanted.since, zone) if wanted.since else None,
        AuditEntry.created_at < _start(wanted.until + timedelta(days=1), zone)
        if wanted.until
        else None,
    ]
    return [condition for condition in conditions if condition is not None]


def _start(day: date, zone: tzinfo) -> datetime:
    """The moment `day` begins in `zone`, in UTC (as the log stores its times)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
