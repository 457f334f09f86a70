"""Conditional updates on the run row: the only way a worker may change a run's state.

Every statement names the state it expects in its WHERE clause and reports whether it
matched, so two workers (a duplicate message, a redelivery after a crash, the sweeper) can
never both act: on PostgreSQL the UPDATE locks the row and the loser re-reads the new state;
SQLite lets one writer at a time. The run row, not the broker, is the truth.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Update, and_, case, or_, select, update
from sqlalchemy.orm import Session

from market.models import MatchRun, RunPhase, RunStatus, utcnow


def claim(session: Session, run_id: int, token: str, task_id: str, stale_after_s: float) -> bool:
    """queued → running for `token`; also takes over a running run that is abandoned.

    Abandoned: its heartbeat is older than `stale_after_s`, or it was claimed for the same
    task id by another process (the broker redelivered the message of a killed worker).
    `attempts` counts claims by a new owner; a retry by the same owner keeps the count.
    """
    now = utcnow()
    stale = MatchRun.heartbeat_at < now - timedelta(seconds=stale_after_s)
    same_task = MatchRun.claimed_by.endswith(f":{task_id}", autoescape=True)
    running_abandoned = and_(
        MatchRun.status == RunStatus.RUNNING,
        or_(MatchRun.heartbeat_at.is_(None), stale, same_task),
    )
    statement = (
        update(MatchRun)
        .where(MatchRun.id == run_id, or_(MatchRun.status == RunStatus.QUEUED, running_abandoned))
        .values(
            status=RunStatus.RUNNING,
            claimed_by=token,
            heartbeat_at=now,
            error_text=None,
            attempts=MatchRun.attempts + case((MatchRun.claimed_by == token, 0), else_=1),
        )
    )
    return matched(session, statement)


def owned(run_id: int, token: str) -> ColumnElement[bool]:
    """The run is running and still claimed by `token`."""
    return and_(
        MatchRun.id == run_id, MatchRun.status == RunStatus.RUNNING, MatchRun.claimed_by == token
    )


def set_owned(session: Session, run_id: int, token: str, **values: Any) -> bool:
    """Change the run only while `token` owns it (phase, progress, the final outcome)."""
    return matched(session, update(MatchRun).where(owned(run_id, token)).values(**values))


def beat(session: Session, run_id: int, token: str | None = None) -> bool:
    """A sign of life for a running run; with `token`, only while that claim holds."""
    condition = (
        owned(run_id, token)
        if token
        else and_(MatchRun.id == run_id, MatchRun.status == RunStatus.RUNNING)
    )
    return matched(session, update(MatchRun).where(condition).values(heartbeat_at=utcnow()))


def finish(session: Session, run_id: int, token: str, status: RunStatus, **values: Any) -> bool:
    """running → solved | infeasible | failed, only for the owner; phase done."""
    return set_owned(
        session,
        run_id,
        token,
        status=status,
        phase=RunPhase.DONE,
        finished_at=utcnow(),
        heartbeat_at=utcnow(),
        **values,
    )


def stuck_runs(session: Session, stale_after_s: float) -> list[int]:
    """Runs nobody is working on: running without a recent heartbeat, or queued too long.

    A queued run's `heartbeat_at` is when it was last (re-)enqueued by the sweeper; before
    that its `created_at` counts. Such a run lost its message (broker down when the web app
    enqueued, or an embedded broker that lost it with a killed worker).
    """
    query = select(MatchRun.id).where(_stuck(utcnow() - timedelta(seconds=stale_after_s)))
    return list(session.scalars(query.order_by(MatchRun.id)))


def requeue(session: Session, run_id: int, stale_after_s: float) -> bool:
    """Back to queued (keeping its snapshot and solved components) if it is still stuck."""
    now = utcnow()
    condition = _stuck(now - timedelta(seconds=stale_after_s))
    statement = (
        update(MatchRun)
        .where(MatchRun.id == run_id, condition)
        .values(status=RunStatus.QUEUED, phase=RunPhase.QUEUED, claimed_by=None, heartbeat_at=now)
    )
    return matched(session, statement)


def _stuck(before: datetime) -> ColumnElement[bool]:
    running = and_(
        MatchRun.status == RunStatus.RUNNING,
        or_(MatchRun.heartbeat_at.is_(None), MatchRun.heartbeat_at < before),
    )
    queued_since = case(
        (MatchRun.heartbeat_at.is_(None), MatchRun.created_at), else_=MatchRun.heartbeat_at
    )
    queued = and_(MatchRun.status == RunStatus.QUEUED, queued_since < before)
    return or_(running, queued)


def matched(session: Session, statement: Update) -> bool:
    """Run a conditional UPDATE; True when it changed a row (the expected state held)."""
    # Session.execute is typed as a plain Result; an UPDATE's is a CursorResult with a rowcount.
    result = cast(
        CursorResult[Any], session.execute(statement.execution_options(synchronize_session=False))
    )
    return bool(result.rowcount)
