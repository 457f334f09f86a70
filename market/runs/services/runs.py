"""Match runs: create one (the only place a `MatchRun` row is made), follow it, list them.

The coordinator's page, the API and the worker's nightly scheduler all create runs through
`create_run`, so every run gets the same scope checks and the settings of the day. Callers
commit the queued run *before* they enqueue its id (`market.core.broker.commit_then_enqueue`;
the run row, not the broker, is the truth), so a worker never looks for a run that is not
there yet. The scope is what `worker.mapping` reads: a province (`region`) and a period,
dates as ISO text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.core.validation import Checker
from market.models import MatchRun, RunStatus, utcnow

PROVINCES: tuple[str, ...] = (
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
)
FINISHED = frozenset({RunStatus.SOLVED, RunStatus.INFEASIBLE, RunStatus.FAILED})
ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


@dataclass(frozen=True)
class Progress:
    """What the progress bar shows; `percent` counts solved components and the phase."""

    status: str
    phase: str
    percent: int
    elapsed_s: int
    finished: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "phase": self.phase,
            "percent": self.percent,
            "elapsed_s": self.elapsed_s,
            "finished": self.finished,
        }


def clean_scope(data: Mapping[str, Any]) -> dict[str, str | None]:
    """The run scope's checks, all of them: everything (no region), a province, and/or a period.

    Returns `{"region": str | None, "from": ISO date | None, "until": ISO date | None}`;
    raises `ValidationError` naming the field (unknown province, until before from).
    """
    check = Checker(data)
    region = check.choice("region", PROVINCES, required=False)
    start = check.day("start", required=False)
    until = check.day("until", required=False)
    if start and until and until < start:
        check.fail("until", "Must not be before the start date.")
    check.done()
    return {
        "region": region,
        "from": start.isoformat() if start else None,
        "until": until.isoformat() if until else None,
    }


def create_run(
    session: Session, settings: Settings, data: Mapping[str, Any], created_by_id: int | None
) -> MatchRun:
    """A queued run for the scope in `data` (`region`, `start`, `until`; see `clean_scope`).

    It carries the policy's numbers and the solver settings of the day; `created_by_id` is the
    coordinator, None for a scheduled run. Flushed (it has its id), not committed.
    """
    run = MatchRun(
        created_by_id=created_by_id,
        scope=clean_scope(data),
        params=dict(settings.policy),
        solver=settings.solver,
        gap=settings.solver_gap,
        time_limit_s=None,
    )
    session.add(run)
    session.flush()
    return run


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
    return Progress(run.status.value, run.phase.value, _percent(run, finished), elapsed, finished)


def _percent(run: MatchRun, finished: bool) -> int:
    if finished:
        return 100
    phase = run.phase.value
    if phase == "writing":
        return 95
    if phase == "solving" and run.components_total:
        return 10 + int(80 * run.components_done / run.components_total)
    return 10 if phase in ("snapshot", "solving") else 0
