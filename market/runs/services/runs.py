"""Match runs: create one (the only place a `MatchRun` row is made), follow it, list them.

The coordinator's page, the API and the worker's nightly scheduler all create runs through
`create_run`, which takes the scope as read by the one schema (`market.runs.schemas.RunScope`),
so every run gets the same scope checks and the settings of the day. Callers commit the
queued run *before* they enqueue its id (`market.core.broker.commit_then_enqueue`; the run
row, not the broker, is the truth), so a worker never looks for a run that is not there yet.
The stored scope is what `worker.mapping` reads: a province (`region`) and a period, dates
as ISO text.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.models import MatchRun, RunStatus, utcnow
from market.runs.schemas import Progress, RunScope

FINISHED = frozenset(
    {RunStatus.SOLVED, RunStatus.INFEASIBLE, RunStatus.FAILED, RunStatus.NO_SOLUTION}
)
ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


def create_run(
    session: Session,
    settings: Settings,
    scope: RunScope,
    created_by_id: int | None,
    time_limit_s: float | None = None,
) -> MatchRun:
    """A queued run for `scope`, checked by its schema (`parse(RunScope, ...)`).

    It carries the policy's numbers and the solver settings of the day; `created_by_id` is the
    coordinator, None for a scheduled run; `time_limit_s` the solver's limit in seconds (None:
    the worker's, `MESTMATCH_SOLVER_TIME_LIMIT_S`, which also caps it). Flushed, not committed.
    """
    run = MatchRun(
        created_by_id=created_by_id,
        scope=scope.stored(),
        params=dict(settings.policy),
        solver=settings.solver,
        gap=settings.solver_gap,
        time_limit_s=time_limit_s,
    )
    session.add(run)
    session.flush()
    return run


def retry_limit(run: MatchRun, settings: Settings) -> float | None:
    """The time limit (s) for another try at a run that found no solution: twice the one it
    had, within the worker's cap. None when the run found a solution (or has not ended) or
    already had the longest limit the worker allows."""
    if run.status is not RunStatus.NO_SOLUTION:
        return None
    cap = settings.solver_time_limit_s
    used = min(cap, run.time_limit_s) if run.time_limit_s is not None else cap
    longer = min(cap, 2 * used)
    return longer if longer > used else None


def scope_of(run: MatchRun) -> RunScope:
    """The scope a run was made with, as `create_run` takes it (for another try)."""
    stored = run.scope
    return RunScope(
        region=stored.get("region"),
        start=_day(stored.get("from")),
        until=_day(stored.get("until")),
        outlet_eur_per_t=stored.get("outlet_eur_per_t"),
        loads=bool(stored.get("loads")),
        eur_per_load=(stored.get("loads") or {}).get("eur_per_load"),
        eur_per_load_km=(stored.get("loads") or {}).get("eur_per_load_km"),
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def has_active_run(session: Session, region: str | None) -> bool:
    """A queued or running run whose scope is `region` (None: the whole country) exists."""
    active = session.scalars(select(MatchRun.scope).where(MatchRun.status.in_(ACTIVE)))
    return any(scope.get("region") == region for scope in active)


def recent_runs(session: Session, limit: int = 30) -> list[MatchRun]:
    query = select(MatchRun).order_by(MatchRun.created_at.desc(), MatchRun.id.desc())
    return list(session.scalars(query.limit(limit)))


def progress(run: MatchRun, now: datetime | None = None) -> Progress:
    """Queued 0 %, snapshot 10 %, solving 10–90 % by components, writing 95 %, done 100 %."""
    now = now or utcnow()
    finished = run.status in FINISHED
    end = run.finished_at if finished and run.finished_at else now
    begin = run.started_at or run.created_at
    elapsed = max(0, int((end - begin).total_seconds())) if run.started_at else 0
    return Progress(
        status=run.status.value,
        phase=run.phase.value,
        percent=_percent(run, finished),
        elapsed_s=elapsed,
        finished=finished,
    )


def _percent(run: MatchRun, finished: bool) -> int:
    if finished:
        return 100
    phase = run.phase.value
    if phase == "writing":
        return 95
    if phase == "solving" and run.components_total:
        return 10 + int(80 * run.components_done / run.components_total)
    return 10 if phase in ("snapshot", "solving") else 0
