"""The database refuses bad rows by itself (CHECK, FOREIGN KEY, UNIQUE), on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from market.models import (
    LOT_KINDS,
    AnalysisSource,
    Farm,
    FarmStatus,
    Lot,
    MatchRun,
    Proposal,
    Request,
    Role,
    RunExplanation,
    User,
)
from matching.rules import KINDS
from tests.factories import add_farm as make_farm


def lot_row(farm: Farm, **overrides: Any) -> Lot:
    values: dict[str, Any] = {
        "farm": farm,
        "kind": "cattle_slurry",
        "tonnes": 100.0,
        "n_kg_per_t": 4.4,
        "analysis_source": AnalysisSource.STANDARD,
        "origin_status": FarmStatus.ORGANIC,
        "available_from": date(2026, 11, 1),
        **overrides,
    }
    return Lot(**values)


def refused(session: Session, row: object) -> None:
    """Adding `row` fails at flush with an IntegrityError and leaves no trace."""
    session.add(row)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


@pytest.mark.parametrize(
    "overrides",
    [
        {"tonnes": -1.0},
        {"n_kg_per_t": 1000.5},
        {"n_kg_per_t": -0.1},
        {"kind": "unicorn_dung"},
        {"lat": 91.0, "lon": 5.0},
        {"lat": 52.0},
        {"manure_share": 1.5},
        {"made_from": "D"},
        {"available_until": date(2026, 10, 1)},
    ],
)
def test_database_refuses_bad_lots(db: Session, overrides: dict[str, Any]) -> None:
    refused(db, lot_row(make_farm(db), **overrides))
    assert db.scalar(select(func.count()).select_from(Lot)) == 0


@pytest.mark.parametrize("overrides", [{"lat": -90.5}, {"lon": 181.0}, {"area_ha": -3.0}])
def test_database_refuses_bad_farms(db: Session, overrides: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError):
        make_farm(db, **overrides)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Farm)) == 0


def test_foreign_keys_are_enforced(db: Session) -> None:
    refused(db, lot_row(None, farm_id=987654))
    assert db.scalar(select(func.count()).select_from(Lot)) == 0


def test_states_are_stored_as_lowercase_values(db: Session) -> None:
    farm = make_farm(db, status=FarmStatus.CONVERSION)
    db.add(User(email="a@b.nl", password_hash="x", role=Role.ARABLE_FARMER, farm=farm))
    db.flush()
    row = db.execute(text("SELECT f.status, u.role FROM farms f JOIN users u ON u.farm_id = f.id"))
    assert tuple(row.one()) == ("conversion", "arable_farmer")


def test_the_state_check_refuses_unknown_values(db: Session) -> None:
    make_farm(db)
    with pytest.raises(IntegrityError):
        db.execute(text("UPDATE farms SET status = 'biodynamic'"))
    db.rollback()


def test_timestamps_come_back_aware_in_utc(db: Session) -> None:
    amsterdam = timezone(timedelta(hours=1))
    run = MatchRun(
        scope={"region": None},
        params={},
        solver="highs",
        gap=1e-4,
        started_at=datetime(2026, 11, 24, 13, 0, tzinfo=amsterdam),
    )
    db.add(run)
    db.commit()
    db.expire_all()
    loaded = db.get(MatchRun, run.id)
    assert loaded is not None
    assert loaded.started_at == datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert loaded.started_at.tzinfo is UTC
    assert loaded.created_at.tzinfo is UTC


def test_naive_timestamps_are_refused(db: Session) -> None:
    db.add(
        MatchRun(
            scope={}, params={}, solver="highs", gap=0.0, started_at=datetime(2026, 11, 24, 12, 0)
        )
    )
    with pytest.raises(Exception, match="timezone-aware"):
        db.flush()
    db.rollback()


def run_with_listings(db: Session) -> tuple[MatchRun, Lot, Request]:
    supplier, receiver = make_farm(db, name="Veehouderij"), make_farm(db, name="Akker")
    lot = lot_row(supplier)
    request = Request(farm=receiver, n_kg=1000.0, wanted_from=date(2027, 2, 16))
    run = MatchRun(scope={}, params={}, solver="highs", gap=1e-4)
    db.add_all([lot, request, run])
    db.flush()
    return run, lot, request


def test_an_explanation_names_exactly_one_listing(db: Session) -> None:
    run, lot, request = run_with_listings(db)
    both = RunExplanation(run=run, lot=lot, request=request, code="x", text="x")
    refused(db, both)
    assert db.scalar(select(func.count()).select_from(RunExplanation)) == 0


def test_a_run_has_one_proposal_per_lot_and_request(db: Session) -> None:
    run, lot, request = run_with_listings(db)
    figures = {
        "tonnes": 10.0,
        "n_kg": 44.0,
        "a_n_kg": 44.0,
        "animal_n_kg": 44.0,
        "distance_km": 12.0,
        "cost_eur": 18.0,
        "lot_version": 1,
        "request_version": 1,
    }
    db.add(Proposal(run=run, lot=lot, request=request, **figures))
    db.flush()
    refused(db, Proposal(run_id=run.id, lot_id=lot.id, request_id=request.id, **figures))


def test_deleting_a_run_deletes_its_proposals(db: Session) -> None:
    run, lot, request = run_with_listings(db)
    db.add(
        Proposal(
            run=run,
            lot=lot,
            request=request,
            tonnes=1.0,
            n_kg=4.4,
            a_n_kg=4.4,
            animal_n_kg=4.4,
            distance_km=1.0,
            cost_eur=0.15,
            lot_version=1,
            request_version=1,
        )
    )
    db.flush()
    db.execute(text("DELETE FROM match_runs"))
    assert db.scalar(select(func.count()).select_from(Proposal)) == 0


def test_the_migrated_database_takes_every_kind_of_the_rulebook(db: Session) -> None:
    """The migration's CHECK keeps a frozen copy of the kinds: every kind of the rulebook
    (`matching.rules.KINDS`, the models' `LOT_KINDS`) must pass it, so a new kind needs a
    migration."""
    assert LOT_KINDS == KINDS
    farm = make_farm(db)
    db.add_all(lot_row(farm, kind=kind) for kind in KINDS)
    db.flush()
    assert set(db.scalars(select(Lot.kind))) == set(KINDS)
