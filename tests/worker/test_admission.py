"""One listing never stops the market: the run leaves out what the engine refuses or a
coordinator suspended, says why on the run and on the listing, and matches the rest."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from config import Settings
from market.listings.schemas import SuspensionInput
from market.listings.services.suspension import lift_suspension, suspend
from market.models import (
    FarmStatus,
    Lot,
    MatchRun,
    NaturalLandParcel,
    Request,
    RunStatus,
    utcnow,
)
from tests.factories import add_farm, add_lot, add_request, add_run, small_market
from tests.worker.test_pipeline import reloaded, run_inline
from worker import pipeline
from worker.context import WorkerContext

REFUSED_PARCEL = "natural_land[0].n_limit_kg_per_ha: must not exceed params.n_cap_kg_per_ha (170)"


def test_a_farm_the_engine_refuses_is_left_out_and_the_rest_is_matched(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    good_lot, _ = small_market(db)
    # Stored before the input rule: natural land above the cap of R1 (the engine refuses it).
    odd = add_farm(db, "Heidehoeve", lat=52.4, lon=6.0)
    db.add(NaturalLandParcel(farm=odd, ha=5.0, n_limit_kg_per_ha=250.0))
    odd_lot, odd_request = add_lot(db, odd, tonnes=100.0), add_request(db, odd, 500.0)
    # Unusual but real: 150 kg P2O5 per tonne, confirmed (the whole market failed on it before).
    rich = add_lot(db, add_farm(db, "Kippenhof"), tonnes=50.0, p2o5_kg_per_t=150.0)
    run = add_run(db, settings)
    db.commit()
    assert run_inline(ctx, run.id) == "solved"
    done = reloaded(db, run.id)
    assert done.status is RunStatus.SOLVED
    assert {proposal.lot_id for proposal in done.proposals} == {good_lot.id, rich.id}
    snapshot_lots = {lot["id"] for lot in (done.input_snapshot or {})["lots"]}
    assert snapshot_lots == {f"L{good_lot.id}", f"L{rich.id}"}
    assert done.left_out == [
        {"item": "farms", "id": f"F{odd.id}", "reasons": [REFUSED_PARCEL]},
        {
            "item": "lots",
            "id": f"L{odd_lot.id}",
            "reasons": [f"its farm F{odd.id}: {REFUSED_PARCEL}"],
        },
        {
            "item": "requests",
            "id": f"R{odd_request.id}",
            "reasons": [f"its farm F{odd.id}: {REFUSED_PARCEL}"],
        },
    ]
    lot = db.get_one(Lot, odd_lot.id)
    assert (lot.left_out_run_id, lot.left_out_reason) == (
        run.id,
        f"its farm F{odd.id}: {REFUSED_PARCEL}",
    )
    assert db.get_one(Request, odd_request.id).left_out_run_id == run.id
    assert db.get_one(Lot, good_lot.id).left_out_run_id is None


def test_a_suspended_lot_is_not_offered_until_the_suspension_is_lifted(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    lot, _ = small_market(db)
    suspend(db, lot, SuspensionInput(reason="analysis doubted"))
    first = add_run(db, settings)
    db.commit()
    assert run_inline(ctx, first.id) == "solved"
    done = reloaded(db, first.id)
    assert done.proposals == []
    assert done.left_out == [
        {
            "item": "lots",
            "id": f"L{lot.id}",
            "reasons": ["suspended by a coordinator: analysis doubted"],
        }
    ]
    lift_suspension(db, db.get_one(Lot, lot.id))
    second = add_run(db, settings, created_at=utcnow())
    db.commit()
    assert run_inline(ctx, second.id, "task-2") == "solved"
    again: MatchRun = reloaded(db, second.id)
    assert (len(again.proposals), again.left_out) == (1, [])
    assert db.get_one(Lot, lot.id).left_out_run_id is None


def test_feather_meal_at_120_kg_n_per_tonne_is_matched(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    """An organic N fertiliser of Skal's input list above the old 100 kg/t limit is placed."""
    supplier = add_farm(db, "Veerhof")
    feather = add_lot(
        db,
        supplier,
        "mineral_n",
        FarmStatus.CONVENTIONAL,
        tonnes=10.0,
        n_kg_per_t=120.0,
        p2o5_kg_per_t=5.0,
        k2o_kg_per_t=2.0,
        skal_input_list=True,
    )
    # Own organic manure (all A) leaves room in the receiver's A-share for a B input.
    receiver = add_farm(db, "Akkerhof", lat=52.56, lon=5.91, measured_own_manure_n_kg=3000.0)
    add_request(db, receiver, 600.0, accept_nonorganic=True)
    run = add_run(db, settings)
    db.commit()
    assert run_inline(ctx, run.id) == "solved"
    [proposal] = reloaded(db, run.id).proposals
    assert proposal.lot_id == feather.id
    assert (proposal.tonnes, proposal.n_kg) == (pytest.approx(5.0), pytest.approx(600.0))


def test_a_clean_market_is_validated_once_and_a_trimmed_one_again(
    ctx: WorkerContext, db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: admission and the worker each validated the whole document; now the engine's
    check runs once, and a second time only on what is left after something was left out."""
    real, checked = pipeline.matching.instance_errors, []

    def counted(doc: Any) -> list[str]:
        checked.append(len(doc["lots"]))
        return real(doc)

    monkeypatch.setattr(pipeline.matching, "instance_errors", counted)
    small_market(db)
    clean = add_run(db, settings)
    db.commit()
    assert run_inline(ctx, clean.id) == "solved"
    assert checked == [1]
    odd = add_farm(db, "Heidehoeve", lat=52.4, lon=6.0)
    db.add(NaturalLandParcel(farm=odd, ha=5.0, n_limit_kg_per_ha=250.0))  # refused (R2)
    add_lot(db, odd, tonnes=100.0)
    trimmed = add_run(db, settings)
    db.commit()
    assert run_inline(ctx, trimmed.id) == "solved"
    assert checked == [1, 2, 1]
