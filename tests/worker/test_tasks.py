"""The tasks through Celery's own API, in this process (no broker): thin, retrying, fanning out.

Eager mode stands in for the broker here only; tests/integration runs real workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from celery import Celery
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from config import Settings, tasks
from market.models import MatchRun, RunStatus
from tests.factories import add_farm, add_lot, add_request, add_run, small_market
from worker import pipeline
from worker.app import context_of, make_celery


@pytest.fixture
def eager() -> Iterator[Callable[[Settings], Celery]]:
    """Build eager apps; their tasks' database engines are disposed at the end."""
    apps: list[Celery] = []

    def build(settings: Settings) -> Celery:
        celery = make_celery(settings)
        celery.conf.task_always_eager = True
        apps.append(celery)
        return celery

    yield build
    for celery in apps:
        context_of(celery).dispose()


@pytest.fixture
def app(eager: Callable[[Settings], Celery], settings: Settings) -> Celery:
    return eager(settings)


def fanning_out(settings: Settings) -> Settings:
    """The same instance folder, with fan-out from two farms on."""
    return Settings.from_env(
        {
            "MESTMATCH_ENV": "test",
            "MESTMATCH_INSTANCE": str(settings.instance_dir),
            "MESTMATCH_FANOUT_MIN_FARMS": "2",
        }
    )


def two_regions(db: Session) -> None:
    """A trading pair near Zwolle and one in Zeeland, too far apart to trade: two components."""
    small_market(db)
    supplier = add_farm(db, "Zeeuwse Hoeve", province="Zeeland", lat=51.50, lon=3.85)
    receiver = add_farm(db, "Polderakker", province="Zeeland", lat=51.45, lon=3.95)
    add_lot(db, supplier, tonnes=200.0)
    add_request(db, receiver, n_kg=500.0)


def test_run_matching_solves_once_and_skips_a_duplicate(
    app: Celery, db: Session, settings: Settings
) -> None:
    small_market(db)
    run = add_run(db, settings)
    db.commit()
    assert app.tasks[tasks.RUN_MATCHING].apply(args=[run.id]).get() == "solved"
    assert app.tasks[tasks.RUN_MATCHING].apply(args=[run.id]).get() == "skipped"
    db.expire_all()
    assert run.status is RunStatus.SOLVED and len(run.proposals) == 1


def test_a_large_run_fans_out_over_components_and_merges(
    eager: Callable[[Settings], Celery], db: Session, settings: Settings
) -> None:
    app = eager(fanning_out(settings))
    two_regions(db)
    run = add_run(db, settings)
    db.commit()
    outcome = app.tasks[tasks.RUN_MATCHING].apply(args=[run.id]).get()
    assert outcome == "fanned out 2 of 2 components"
    db.expire_all()
    assert (run.status, run.components_total, run.components_done) == (RunStatus.SOLVED, 2, 2)
    assert len(run.proposals) == 2 and run.stats and run.stats["components"] == 2
    whole = pipeline.matching.solve_instance(pipeline.instance_document(run.input_snapshot or {}))
    assert run.objective_eur == pytest.approx(whole["objective"], rel=1e-9)


def test_a_database_outage_is_retried_not_failed(
    app: Celery, db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eager mode retries at once (no countdown): every try hits the outage, none fails the run."""
    small_market(db)
    run = add_run(db, settings)
    db.commit()
    calls: list[int] = []

    def database_down(*args: object) -> None:
        calls.append(1)
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(pipeline, "claim_and_prepare", database_down)
    task = app.tasks[tasks.RUN_MATCHING]
    result = task.apply(args=[run.id])
    assert isinstance(result.result, OperationalError)
    assert len(calls) == task.max_retries + 1 and task.retry_backoff
    db.expire_all()
    assert run.status is RunStatus.QUEUED and run.error_text is None


def test_an_unexpected_error_fails_the_run_with_its_text(
    app: Celery, db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_market(db)
    run = add_run(db, settings)
    db.commit()

    def broken(*args: object) -> str:
        raise KeyError("flows")

    monkeypatch.setattr(pipeline, "finish_run", broken)
    assert app.tasks[tasks.RUN_MATCHING].apply(args=[run.id]).get() == "failed"
    failed = db.get_one(MatchRun, run.id, populate_existing=True)
    assert failed.status is RunStatus.FAILED and failed.error_text == "KeyError: 'flows'"


def test_one_trading_component_is_one_task_whatever_the_farms_without_trade(
    eager: Callable[[Settings], Celery], db: Session, settings: Settings
) -> None:
    """A split would only set the farm that trades with nobody aside: one task, read once."""
    app = eager(fanning_out(settings))
    small_market(db)
    add_lot(db, add_farm(db, "Zeeuwse Hoeve", "Zeeland", lat=51.50, lon=3.85), tonnes=200.0)
    run = add_run(db, settings)
    db.commit()
    assert app.tasks[tasks.RUN_MATCHING].apply(args=[run.id]).get() == "solved"
    db.expire_all()
    assert (run.status, run.components_total, run.components_done) == (RunStatus.SOLVED, 1, 1)
    assert len((run.input_snapshot or {})["farms"]) == 3 and len(run.proposals) == 1


def test_failed_components_fail_the_fanned_out_run_with_their_errors(
    eager: Callable[[Settings], Celery], db: Session, settings: Settings
) -> None:
    app = eager(fanning_out(settings))
    two_regions(db)
    run = add_run(db, settings, solver="no-such-solver")
    db.commit()
    app.tasks[tasks.RUN_MATCHING].apply(args=[run.id]).get()
    failed = db.get_one(MatchRun, run.id, populate_existing=True)
    assert failed.status is RunStatus.FAILED and failed.components_done == 2
    assert (failed.error_text or "").startswith("2 component(s) failed: ValueError: solver must")
