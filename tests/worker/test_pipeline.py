"""The pipeline in-process on SQLite: claim → snapshot → solve → write, and what a run ends as
(solved, stale, failed, no solution). Who may claim and write a run: `test_pipeline_claims.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from config import Settings
from market.core import clock
from market.listings.schemas import LotPatch
from market.listings.services.listings import update_lot, withdraw_request
from market.models import (
    Lot,
    Proposal,
    Request,
    ReviewStatus,
    RunExplanation,
    RunPhase,
    RunStatus,
)
from matching.engine import Prepared
from tests.factories import add_run, small_market
from tests.worker.inline import count, reloaded, run_inline
from worker import pipeline
from worker.context import WorkerContext
from worker.writing import outcome_status


def test_a_run_is_solved_with_proposals_explanations_and_stats(
    ctx: WorkerContext, db: Session, run_id: int
) -> None:
    assert run_inline(ctx, run_id) == "solved"
    run = reloaded(db, run_id)
    assert (run.status, run.phase) == (RunStatus.SOLVED, RunPhase.DONE)
    assert (run.components_done, run.components_total, run.attempts) == (1, 1, 1)
    assert run.started_at and run.finished_at and run.finished_at >= run.started_at
    assert run.stats and run.stats["solution_status"] == "optimal" and run.stats["flows"] == 1
    [proposal] = run.proposals
    assert proposal.n_kg == pytest.approx(4000.0)  # the request's N is met in full
    assert proposal.tonnes == pytest.approx(4000.0 / 4.4)
    outlet = 14.0 * proposal.tonnes  # cattle slurry's default outlet cost, EUR/t
    assert run.objective_eur == pytest.approx(2.0 * 4000.0 + outlet - proposal.cost_eur, rel=1e-6)
    assert (proposal.lot_version, proposal.review_status) == (1, ReviewStatus.PROPOSED)
    assert run.input_snapshot and [lot["id"] for lot in run.input_snapshot["lots"]] == [
        f"L{proposal.lot_id}"
    ]
    codes = {(e.lot_id is not None, e.code) for e in run.explanations}
    assert (True, "placed") not in codes  # the lot is only partly placed: a real reason
    assert len(run.explanations) == 2


def test_a_one_component_run_reads_its_instance_once(
    ctx: WorkerContext, db: Session, run_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: validated, split and solved, the instance was read three times; now the
    split's reading (arcs, components) is the solve's."""
    real, reads = pipeline.prepare, []

    def counted(doc: dict[str, Any], **options: Any) -> Prepared:
        reads.append(options)
        return real(doc, **options)

    monkeypatch.setattr(pipeline, "prepare", counted)
    assert run_inline(ctx, run_id) == "solved"
    assert reads == [{"validated": True}]


def change_lot(db: Session, lot: Lot, request: Request) -> None:
    update_lot(db, lot, LotPatch.model_validate({"tonnes": 900.0}))


def withdraw(db: Session, lot: Lot, request: Request) -> None:
    withdraw_request(db, request)


@pytest.mark.parametrize("change", [change_lot, withdraw])
def test_listings_changed_during_the_run_make_their_proposals_stale(
    ctx: WorkerContext,
    db: Session,
    settings: Settings,
    change: Callable[[Session, Lot, Request], None],
) -> None:
    lot, request = small_market(db)
    run_id = add_run(db, settings).id
    db.commit()
    plan = pipeline.claim_and_prepare(ctx, run_id, "task-1")  # the snapshot is frozen here
    assert plan is not None
    change(db, lot, request)
    db.commit()
    pipeline.solve_stored_component(ctx, run_id, 0, plan.token)
    assert pipeline.finish_run(ctx, run_id, plan.token) == "solved"
    [proposal] = reloaded(db, run_id).proposals
    assert proposal.review_status is ReviewStatus.STALE
    assert (proposal.lot_version, proposal.request_version) == (1, 1)
    assert proposal.tonnes == pytest.approx(4000.0 / 4.4)  # the plan for what the run saw


def test_an_invalid_instance_fails_the_run_with_the_reason(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    small_market(db)
    run = add_run(db, settings, params={**settings.policy, "n_cap_kg_per_ha": -1})
    db.commit()
    assert run_inline(ctx, run.id) is None
    failed = reloaded(db, run.id)
    assert failed.status is RunStatus.FAILED and failed.phase is RunPhase.DONE
    assert failed.error_text and "n_cap_kg_per_ha" in failed.error_text
    assert failed.input_snapshot is not None  # kept, to reproduce the refusal
    assert run_inline(ctx, run.id, "task-2") is None  # an outcome: no second try


def test_a_solver_error_fails_the_run_with_the_error_text(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    small_market(db)
    run = add_run(db, settings, solver="no-such-solver")
    db.commit()
    assert run_inline(ctx, run.id) == "failed"
    failed = reloaded(db, run.id)
    assert failed.status is RunStatus.FAILED
    assert failed.error_text and "no-such-solver" in failed.error_text
    assert count(db, Proposal, run.id) == 0


def test_a_region_without_listings_is_solved_with_no_proposals(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    small_market(db)
    run = add_run(db, settings, scope={"region": "Zeeland", "from": None, "until": None})
    db.commit()
    assert run_inline(ctx, run.id) == "solved"
    empty = reloaded(db, run.id)
    assert (empty.objective_eur, count(db, Proposal, run.id)) == (0.0, 0)
    assert empty.input_snapshot and empty.input_snapshot["farms"] == []


def test_the_instance_date_is_the_farms_date_not_the_utc_one(
    ctx: WorkerContext, db: Session, run_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """00:30 on 1 April in Amsterdam is still 31 March in UTC; the rules go by the farms' date."""
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    assert pipeline.claim_and_prepare(ctx, run_id, "task-1") is not None
    assert (reloaded(db, run_id).input_snapshot or {})["date"] == "2026-04-01"


def test_a_solver_without_a_feasible_plan_is_no_solution_not_solved(
    ctx: WorkerContext, db: Session, run_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: "time_limit, objective 0, no flows" was written as a solved run, with a
    reason for every lot. The engine's own answer is tested in tests/matching."""
    real = pipeline.solve_prepared

    def stopped_empty(prepared: Prepared, **options: Any) -> dict[str, Any]:
        solution = real(prepared, **options)
        rows = {"why_left": None, "why_left_code": None, "why_unmet": None, "why_unmet_code": None}
        return {
            **solution,
            "status": "time_limit",
            "solution_found": False,
            "objective": 0.0,
            "flows": [],
            "lots": [{**row, **rows} for row in solution["lots"]],
        }

    monkeypatch.setattr(pipeline, "solve_prepared", stopped_empty)
    assert run_inline(ctx, run_id) == RunStatus.NO_SOLUTION.value
    run = reloaded(db, run_id)
    assert (run.status, run.phase, run.error_text) == (RunStatus.NO_SOLUTION, RunPhase.DONE, None)
    assert count(db, Proposal, run_id) == count(db, RunExplanation, run_id) == 0
    assert (run.stats or {})["solution_status"] == "time_limit"
    assert run_inline(ctx, run_id, "task-2") is None  # an outcome: no second try


def test_only_a_found_plan_is_a_solved_run() -> None:
    found = {"status": "time_limit", "objective": 10.0, "solution_found": True}
    assert outcome_status(found) is RunStatus.SOLVED
    assert outcome_status({**found, "solution_found": False}) is RunStatus.NO_SOLUTION
    assert outcome_status({"status": "optimal", "objective": 0.0}) is RunStatus.SOLVED  # older
