"""The audit log: who approved, rejected or adjusted what, and when.

Written in the same transaction as the decision it records, so there is never a decision
without its entry (or an entry for a decision that was rolled back).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from market.models import AuditEntry


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


def entries_for(session: Session, target_type: str, target_id: int) -> list[AuditEntry]:
    """The history of one target, oldest first."""
    query = select(AuditEntry).where(
        AuditEntry.target_type == target_type, AuditEntry.target_id == target_id
    )
    return list(session.scalars(query.order_by(AuditEntry.created_at, AuditEntry.id)))
