"""What a bulk review left open, remembered for the run, so its page can say on each row why.

An approve-all (or "approve the filtered set") skips the proposals it may not approve and
goes on; the flash after it counts them, but is gone on the next reload. So the review
writes one audit entry on the run (`run.skipped`, only when it skipped any) naming each
skipped proposal with its refusals (code and parameters, `FieldError.stored`), in the
transaction of the approvals. The run page reads the run's entries back (`left_open`): two
queries per page view, none per proposal, no column of its own; a proposal adjusted since
(an audit entry of its own after the skip) has no note. The newest entry naming a
proposal wins; what is no longer open is no concern of the page (it shows notes on open rows
only). A note says when it was written: it is what the review found then, not a check now.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.audit import services as audit
from market.core.validation import FieldError
from market.models import AuditEntry
from market.proposals.services.review import Skip

ACTION = "run.skipped"


@dataclass(frozen=True)
class LeftOpen:
    """A proposal a bulk review skipped: when (UTC) and its refusals."""

    at: datetime
    refusals: tuple[FieldError, ...]


def remember(session: Session, user_id: int, run_id: int, skipped: Iterable[Skip]) -> None:
    """One audit entry on run `run_id` naming each of `skipped` with its refusals (none when
    nothing was skipped)."""
    named = [
        {"proposal_id": skip.proposal_id, "refusals": [r.stored() for r in skip.refusals]}
        for skip in skipped
    ]
    if named:
        audit.record(session, user_id, ACTION, "run", run_id, skipped=named)


def left_open(session: Session, run_id: int, open_ids: Collection[int]) -> dict[int, LeftOpen]:
    """{proposal id: the newest bulk review's word on it} for the proposals of `open_ids`
    (the run's still waiting for review) a bulk review of run `run_id` skipped, unless the
    proposal was acted on since (a coordinator adjusted its tonnes: the refusal was about
    the tonnes it had then). Two queries, none per proposal."""
    if not open_ids:
        return {}
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == ACTION,
            AuditEntry.target_type == "run",
            AuditEntry.target_id == run_id,
        )
        .order_by(AuditEntry.id)
    )
    found: dict[int, tuple[int, LeftOpen]] = {}
    for entry in entries:
        for item in entry.detail.get("skipped", []):
            if item["proposal_id"] in open_ids:
                refusals = tuple(FieldError.restored(r) for r in item["refusals"])
                found[item["proposal_id"]] = entry.id, LeftOpen(entry.created_at, refusals)
    since = _last_entries(session, found)
    return {
        proposal_id: left
        for proposal_id, (entry_id, left) in found.items()
        if since.get(proposal_id, 0) < entry_id
    }


def _last_entries(session: Session, proposal_ids: Collection[int]) -> dict[int, int]:
    """{proposal id: its newest audit entry's id} for those of `proposal_ids` that have one."""
    if not proposal_ids:
        return {}
    query = (
        select(AuditEntry.target_id, func.max(AuditEntry.id))
        .where(AuditEntry.target_type == "proposal", AuditEntry.target_id.in_(proposal_ids))
        .group_by(AuditEntry.target_id)
    )
    return {proposal_id: last for proposal_id, last in session.execute(query)}
