"""Conditional updates on the run row: the only way a worker may change a run's state.

Every statement names the state it expects in its WHERE clause and reports whether it
matched, so two workers (a duplicate message, a redelivery after a crash, the sweeper) can
never both act: on PostgreSQL the UPDATE locks the row and the loser re-reads the new state;
SQLite lets one writer at a time. The run row, not the broker, is the truth.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Update,
    and_,
    case,
    false,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from market.models import MatchRun, RunPhase, RunStatus, utcnow

log = logging.getLogger(__name__)


def claim(
    session: Session,
    run_id: int,
    token: str,
    task_id: str,
    stale_after_s: float,
    retries: int = 0,
) -> bool:
    """queued → running for `token`; also takes over a running run that is abandoned.

    Abandoned: its heartbeat is older than `stale_after_s` (or missing), or it is held by an
    earlier try of this very task (`retries` is Celery's count: a retry is sent only when the
    earlier try has ended). A run with a fresh heartbeat is never taken over otherwise: a
    redelivered message (same task id, same try) finds the run alive and does nothing.
    `attempts` counts claims by a new owner; a retry of the owner's own task keeps the count.
    """
    now = utcnow()
    stale = MatchRun.heartbeat_at < now - timedelta(seconds=stale_after_s)
    earlier = earlier_try(task_id, retries)
    running_abandoned = and_(
        MatchRun.status == RunStatus.RUNNING,
        or_(MatchRun.heartbeat_at.is_(None), stale, earlier),
    )
    statement = (
        update(MatchRun)
        .where(MatchRun.id == run_id, or_(MatchRun.status == RunStatus.QUEUED, running_abandoned))
        .values(
            status=RunStatus.RUNNING,
            claimed_by=token,
            heartbeat_at=now,
            error_text=None,
            attempts=MatchRun.attempts + case((earlier, 0), else_=1),
        )
    )
    return matched(session, statement)


def try_suffix(task_id: str, retries: int) -> str:
    """The end of `claimed_by` for one try of a task: `:<task id>`, then `#<n>` for retry n."""
    return f":{task_id}" + (f"#{retries}" if retries else "")


def earlier_try(task_id: str, retries: int) -> ColumnElement[bool]:
    """The run is claimed by a try of `task_id` before try number `retries` (0: none is)."""
    ends = [
        MatchRun.claimed_by.endswith(try_suffix(task_id, k), autoescape=True)
        for k in range(retries)
    ]
    return or_(false(), *ends)


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


def fail(session: Session, run_id: int, token: str, text: str, **values: Any) -> None:
    """A failure is an outcome: the run shows it with the reason (`text`); no retry. Commits."""
    if finish(session, run_id, token, RunStatus.FAILED, error_text=text, **values):
        log.warning("run %d failed: %s", run_id, text)
    session.commit()
