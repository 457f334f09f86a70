"""A proposal keeps the run's terms (issue 11): truck loads, the suggested price, the
supplier's rent and the days delivery is allowed, read off the flow, the solution's lots and
the snapshot's windows; absent fields stay None."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.core.clock import today
from market.models import MatchRun, Proposal
from market.runs.schemas import RunScope
from matching.rules import calendar
from matching.rules.outlets import load_t
from tests.factories import add_run, small_market
from tests.worker.test_pipeline import run_inline
from worker.context import WorkerContext
from worker.mapping import VERSIONS_KEY
from worker.terms import delivery_window, flow_terms, lot_rents
from worker.writing import replace_results

LOT = {"id": "L1", "available_from": "2027-02-01", "available_until": "2027-06-30"}
REQUEST = {"id": "R1", "wanted_from": "2027-03-16", "wanted_until": "2027-07-31"}
FLOW = {"lot": "L1", "request": "R1", "tonnes": 40.0, "km": 20.0}


@pytest.mark.parametrize(
    ("lot", "wanted", "window"),
    [
        (LOT, REQUEST, (date(2027, 3, 16), date(2027, 6, 30))),  # the later start, earlier end
        ({"available_from": "2027-02-01"}, {}, (date(2027, 2, 1), None)),  # open end
        ({}, {}, (None, None)),  # no windows at all: nothing to say
        ({"available_until": "2027-03-01"}, REQUEST, (None, None)),  # the windows do not meet
    ],
)
def test_the_delivery_window_is_the_overlap_of_both_windows(
    lot: dict[str, str], wanted: dict[str, str], window: tuple[date | None, date | None]
) -> None:
    assert delivery_window(lot, wanted) == window


def test_a_flow_s_terms_are_its_loads_price_rent_and_window() -> None:
    flow = FLOW | {"loads": 2.0, "price_eur_per_t": -4.25}
    terms = flow_terms(flow, LOT, REQUEST, {"L1": 3.5})
    assert terms == {
        "loads": 2,
        "suggested_price_eur_per_t": -4.25,  # negative: the supplier pays
        "lot_rent_eur_per_t": 3.5,
        "delivery_from": date(2027, 3, 16),
        "delivery_until": date(2027, 6, 30),
    }
    assert isinstance(terms["loads"], int)


def test_rounding_noise_is_no_price_and_no_rent_is_negative() -> None:
    flow = FLOW | {"price_eur_per_t": -3e-12}
    terms = flow_terms(flow, LOT, REQUEST, {"L1": -2e-10})
    assert terms["suggested_price_eur_per_t"] == 0.0
    assert terms["lot_rent_eur_per_t"] == 0.0


def test_a_solution_without_the_new_fields_leaves_them_empty() -> None:
    terms = flow_terms(FLOW, {}, {}, lot_rents({"lots": [{"id": "L1", "placed_t": 40.0}]}))
    assert set(terms.values()) == {None}


def _snapshot(lot_id: int, request_id: int) -> dict[str, Any]:
    """The parts of a run's snapshot the writer reads: windows and listing versions."""
    lot, request = f"L{lot_id}", f"R{request_id}"
    return {
        "date": "2026-11-30",
        "lots": [LOT | {"id": lot}],
        "requests": [REQUEST | {"id": request}],
        VERSIONS_KEY: {"lots": {lot: 1}, "requests": {request: 1}},
    }


def test_writing_a_solution_stores_the_terms_on_each_proposal(db: Session) -> None:
    lot, request = small_market(db)
    run = add_run(db)
    db.commit()
    flow = {
        "lot": f"L{lot.id}",
        "request": f"R{request.id}",
        "tonnes": 61.0,
        "n_kg": 268.4,
        "a_n_kg": 268.4,
        "animal_n_kg": 268.4,
        "km": 17.0,
        "cost_eur": 150.0,
        "loads": 3,
        "price_eur_per_t": 12.5,
    }
    solution = {"flows": [flow], "lots": [{"id": flow["lot"], "rent_eur_per_t": 1.75}]}
    assert replace_results(db, run.id, _snapshot(lot.id, request.id), solution) == 1
    db.commit()
    proposal = db.scalars(select(Proposal).where(Proposal.run_id == run.id)).one()
    assert proposal.loads == 3
    assert proposal.suggested_price_eur_per_t == 12.5
    assert proposal.price_eur_per_t is None  # a suggestion is not an agreed price
    assert proposal.lot_rent_eur_per_t == 1.75
    assert (proposal.delivery_from, proposal.delivery_until) == (
        date(2027, 3, 16),
        date(2027, 6, 30),
    )


def test_a_run_with_whole_loads_stores_them_with_the_legal_delivery_window(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    """The whole pipeline: the run's loads come from the engine (every flow needs at least
    tonnes / capacity of them), the window from the calendar: cattle slurry on the request's
    arable land, from the run's day, within both listings' windows."""
    lot, request = small_market(db)
    scope = RunScope(loads=True).stored()
    run = add_run(db, settings, scope=scope)
    db.commit()
    assert run_inline(ctx, run.id) == "solved"
    db.expire_all()
    [proposal] = db.scalars(select(Proposal).where(Proposal.run_id == run.id))
    assert proposal.loads is not None
    assert proposal.loads >= proposal.tonnes / load_t(lot.kind) - 1e-9
    assert proposal.loads < proposal.tonnes / load_t(lot.kind) + 1
    legal = calendar.delivery_window(
        lot.kind,
        request.land_use,
        (lot.available_from, lot.available_until),
        (request.wanted_from, request.wanted_until),
        today(settings),
    )
    assert legal is not None
    assert (proposal.delivery_from, proposal.delivery_until) == legal


def test_a_run_stores_a_price_that_leaves_the_supplier_its_rent(
    ctx: WorkerContext, db: Session, settings: Settings
) -> None:
    """Per tonne the supplier gains price + outlet - transport (docs/prices.md); without
    loads that is its lot's rent, for every flow of the lot. 500 t (2,200 kg N) cannot meet
    the request for 4,000 kg N: the lot is scarce, so its rent is more than 0."""
    lot, _ = small_market(db)
    lot.tonnes = 500.0
    run = add_run(db, settings)
    db.commit()
    assert run_inline(ctx, run.id) == "solved"
    db.expire_all()
    [proposal] = db.scalars(select(Proposal).where(Proposal.run_id == run.id))
    snapshot = db.get_one(MatchRun, run.id).input_snapshot or {}
    [offered] = snapshot["lots"]
    assert proposal.suggested_price_eur_per_t is not None
    assert proposal.lot_rent_eur_per_t is not None and proposal.lot_rent_eur_per_t > 0
    assert proposal.loads is None  # the run pays per tonne-km
    gain = (
        proposal.suggested_price_eur_per_t
        + offered["outlet_eur_per_t"]
        - proposal.cost_eur / proposal.tonnes
    )
    assert gain == pytest.approx(proposal.lot_rent_eur_per_t, abs=1e-6)
