"""claim → snapshot → split → solve (inline or fanned out) → merge → write.

Each step is a short transaction guarded by the run's claim (`worker.claims`); no session
is open while the solver works. The snapshot and the components are written once, at the
first claim, and reused by every later attempt: a component solved before a crash is not
solved again, and every attempt answers the same question. The Celery side (which task
runs which step, fan-out as a chord) lives in `worker.tasks`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, defer

import matching
from market.core.clock import today
from market.models import ComponentStatus, MatchRun, RunComponent, RunPhase, RunStatus, utcnow
from market.runs.services.admission import admit_checked
from matching.engine import Prepared, prepare, solve_prepared
from matching.split import split_prepared
from worker import claims, writing
from worker.context import WorkerContext
from worker.heartbeat import heartbeat
from worker.mapping import build_snapshot, instance_document

log = logging.getLogger(__name__)
#: The instance `_prepare` read, kept for the solve that follows in this process when the
#: run is one component (run id, component index → prepared): arcs read once, not twice.
#: At most one entry; a later attempt or another process reads the stored document again.
_READY: dict[tuple[int, int], Prepared] = {}
MAX_ATTEMPTS = 3
WAITING = "waiting for components"
NOT_OWNER = "not the owner any more"


@dataclass(frozen=True)
class Plan:
    """A claimed run: who holds it and which components are still to solve."""

    run_id: int
    token: str
    total: int
    pending: tuple[int, ...]

    @property
    def fan_out(self) -> bool:
        """Several components go out as a group of tasks; one stays in this task."""
        return self.total > 1


def claim_and_prepare(
    ctx: WorkerContext, run_id: int, task_id: str, retries: int = 0
) -> Plan | None:
    """Claim the run for try `retries` of task `task_id` and prepare it; None when there is
    nothing for this task to do (done, or alive elsewhere: see `worker.claims.claim`)."""
    token = ctx.token(task_id, retries)
    stale_after = ctx.settings.stuck_run_after_s
    with ctx.session() as session:
        if not claims.claim(session, run_id, token, task_id, stale_after, retries):
            log.info("run %d: not claimable (done, or alive elsewhere); nothing to do", run_id)
            return None
        run = session.get_one(MatchRun, run_id, populate_existing=True)
        run.started_at = run.started_at or utcnow()
        session.commit()
        if run.attempts > MAX_ATTEMPTS:
            claims.fail(session, run_id, token, f"gave up after {MAX_ATTEMPTS} attempts")
            return None
        if not run.components and not _prepare(ctx, session, run, token):
            return None
        states = session.execute(
            select(RunComponent.index, RunComponent.status).where(RunComponent.run_id == run_id)
        ).all()
        pending = tuple(sorted(i for i, status in states if status is ComponentStatus.PENDING))
        return Plan(run_id, token, len(states), pending)


def _prepare(ctx: WorkerContext, session: Session, run: MatchRun, token: str) -> bool:
    """Freeze the snapshot and split it into components, in one commit; False if it failed."""
    claims.set_owned(session, run.id, token, phase=RunPhase.SNAPSHOT)
    session.commit()
    snapshot, errors = _admitted(ctx, session, run)
    if errors:
        claims.fail(session, run.id, token, writing.invalid_text(errors), input_snapshot=snapshot)
        return False
    parts = _split(ctx, run.id, instance_document(snapshot))
    if not claims.set_owned(
        session,
        run.id,
        token,
        input_snapshot=snapshot,
        components_total=len(parts),
        components_done=0,
        phase=RunPhase.SOLVING,
    ):
        session.rollback()
        return False
    session.add_all(_component(run.id, index, part) for index, part in enumerate(parts))
    session.commit()
    return True


def _admitted(
    ctx: WorkerContext, session: Session, run: MatchRun
) -> tuple[dict[str, Any], list[str]]:
    """The run's snapshot and its problems ([]: valid). A new snapshot is built and admitted,
    checked by the engine's validation once (`admission.admit_checked`); a stored one is
    checked again."""
    if run.input_snapshot is not None:
        stored = run.input_snapshot
        return stored, matching.instance_errors(instance_document(stored))
    built = build_snapshot(session, run.scope, run.params, today(ctx.settings))
    return admit_checked(session, run.id, built, matching.instance_errors)


def _split(ctx: WorkerContext, run_id: int, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Small runs stay whole (one task); large ones split into independent components.
    `doc` was just validated; it is read once, and a run that stays one part keeps what was
    read for its solve (a single part holds every farm: it is `doc` again).

    A market whose farms trade in at most one component also stays whole: its split would
    only set the farms that trade with nobody aside, so there is nothing to solve in
    parallel, and the big part would be read again. The engine solves the whole document
    component by component, so its answer is the merge of the parts' (`docs/engine.md`)."""
    _READY.clear()
    prepared = prepare(doc, validated=True)
    whole = len(doc["farms"]) < ctx.settings.fanout_min_farms or len(prepared.parts()) < 2
    parts = [doc] if whole else split_prepared(doc, prepared) or [doc]
    if len(parts) == 1:
        _READY[(run_id, 0)] = prepared
    return parts


def _component(run_id: int, index: int, part: dict[str, Any]) -> RunComponent:
    return RunComponent(run_id=run_id, index=index, farm_count=len(part["farms"]), instance=part)


def solve_stored_component(
    ctx: WorkerContext, run_id: int, index: int, token: str | None = None
) -> bool:
    """Load one pending component, solve it and store its solution; False if nothing to do.

    Stored with a conditional update (pending → solved | failed), so a duplicate task does
    not count a component twice. The session is closed while the solver runs.
    """
    job = _load_component(ctx, run_id, index, _READY.pop((run_id, index), None))
    if job is None:
        return False
    started = time.perf_counter()
    with heartbeat(ctx, run_id, token):
        solution, status = _solve(job.source, job.options)
    log.info(
        "run %d: component %d %s in %.1f s (%d farms)",
        run_id,
        index,
        status.value,
        time.perf_counter() - started,
        job.farms,
    )
    with ctx.session() as session:
        stored = _store_component(session, run_id, index, solution, status)
        session.commit()
    return stored


@dataclass(frozen=True)
class _Job:
    """A pending component: its instance, or what this process has read of it already; the
    run's solver options and the farm count (for the log)."""

    source: Prepared | dict[str, Any]
    options: dict[str, Any]
    farms: int


def _load_component(
    ctx: WorkerContext, run_id: int, index: int, prepared: Prepared | None
) -> _Job | None:
    """The component to solve, if it still needs solving. Only the columns the solve needs
    are read: the run's snapshot and, when this process has `prepared` it, the component's
    instance (a national document each) stay in the database."""
    with ctx.session() as session:
        run = session.execute(
            select(MatchRun.status, MatchRun.solver, MatchRun.gap, MatchRun.time_limit_s).where(
                MatchRun.id == run_id
            )
        ).one()
        part = session.execute(
            select(RunComponent.id, RunComponent.status, RunComponent.farm_count).where(
                RunComponent.run_id == run_id, RunComponent.index == index
            )
        ).one_or_none()
        if run.status not in (RunStatus.RUNNING, RunStatus.QUEUED) or part is None:
            return None
        if part.status is not ComponentStatus.PENDING:
            return None
        source = (
            prepared
            or session.scalars(
                select(RunComponent.instance).where(RunComponent.id == part.id)
            ).one()
        )
        options = _solver_options(ctx, run.solver, run.gap, run.time_limit_s)
        return _Job(source, options, part.farm_count)


def _solver_options(
    ctx: WorkerContext, solver: str, gap: float, time_limit_s: float | None
) -> dict[str, Any]:
    """The run's solver settings; its time limit never beyond the worker's (task limits)."""
    limit = ctx.settings.solver_time_limit_s
    if time_limit_s is not None:
        limit = min(limit, time_limit_s)
    return {"solver": solver, "gap": gap, "time_limit": limit}


def _solve(
    source: Prepared | dict[str, Any], options: dict[str, Any]
) -> tuple[dict[str, Any], ComponentStatus]:
    """The engine's answer, or the error as an outcome (a bug does not deserve a retry loop).
    A stored component was cut from a validated snapshot, so it is not validated again;
    `source` is its instance, or what `_prepare` read of it in this process."""
    try:
        limit = options["time_limit"]
        deadline = None if limit is None else time.monotonic() + limit
        ready = source if isinstance(source, Prepared) else prepare(source, validated=True)
        solution = solve_prepared(
            ready, solver=options["solver"], gap=options["gap"], deadline=deadline
        )
        return solution, ComponentStatus.SOLVED
    except matching.InvalidInstance as exc:
        return {"error": writing.invalid_text(exc.errors)}, ComponentStatus.FAILED
    except Exception as exc:  # the solver's own failure, time limit included
        log.exception("solving a component failed")
        return {"error": writing.error_text(exc)}, ComponentStatus.FAILED


def _store_component(
    session: Session, run_id: int, index: int, solution: dict[str, Any], status: ComponentStatus
) -> bool:
    statement = (
        update(RunComponent)
        .where(
            RunComponent.run_id == run_id,
            RunComponent.index == index,
            RunComponent.status == ComponentStatus.PENDING,
        )
        .values(status=status, solution=solution, solved_at=utcnow())
    )
    if not claims.matched(session, statement):
        return False
    progress = (
        update(MatchRun)
        .where(MatchRun.id == run_id)
        .values(components_done=MatchRun.components_done + 1, heartbeat_at=utcnow())
    )
    session.execute(progress.execution_options(synchronize_session=False))
    return True


def finish_run(ctx: WorkerContext, run_id: int, token: str) -> str:
    """Merge the components and write the outcome; says what happened (for the log)."""
    with ctx.session() as session:
        run = session.get_one(MatchRun, run_id)
        if run.status is not RunStatus.RUNNING or run.claimed_by != token:
            return NOT_OWNER
        parts = _solved_parts(session, run_id)
        if any(part.status is ComponentStatus.PENDING for part in parts):
            return WAITING
        failed = [part for part in parts if part.status is ComponentStatus.FAILED]
        if failed:
            claims.fail(session, run_id, token, writing.component_errors(failed))
            return "failed"
        claims.set_owned(session, run_id, token, phase=RunPhase.WRITING)
        session.commit()
        snapshot, solutions = run.input_snapshot or {}, [part.solution or {} for part in parts]
    with heartbeat(ctx, run_id, token):  # a national run takes seconds to merge and write
        solution = writing.merged_solution(snapshot, solutions)
        with ctx.session() as session:
            status = writing.write_outcome(session, run_id, token, snapshot, solution, len(parts))
        return NOT_OWNER if status is None else status.value


def _solved_parts(session: Session, run_id: int) -> list[RunComponent]:
    """The run's components with their states and solutions; their instances (which the
    merge does not read) stay in the database."""
    query = (
        select(RunComponent)
        .where(RunComponent.run_id == run_id)
        .order_by(RunComponent.index)
        .options(defer(RunComponent.instance))
    )
    return list(session.scalars(query))
