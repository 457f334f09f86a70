"""What a farm passed on comes off what it received in one rule (`calculator.passed_on`),
and a proposal's adjustment counts the N room the farm page shows for a farm that passes
manure on (`tests.market.passed_on_helpers`), on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.accounts.services.calculator import Deliveries, calculate, passed_on
from market.deliveries.services.papers import year_deliveries, year_moved
from tests.factories import DAY, add_proposal, add_run
from tests.market.passed_on_helpers import ROOM_LEFT, passed_on_scene
from tests.market.test_kept_manure_review_adjust import POLICY, adjusted


def test_only_what_exceeds_the_own_production_was_passed_on() -> None:
    """1,000 kg produced and 1,500 kg of animal N sent out: 500 kg came from the 800 kg
    brought in (400 kg A), at its average A part; sending out less passes nothing on, and
    no more is passed on than came in."""
    moved = Deliveries(2026, in_n_kg=800.0, in_a_n_kg=400.0, out_animal_n_kg=1500.0)
    assert passed_on(1000.0, moved) == pytest.approx((500.0, 250.0))
    assert passed_on(1600.0, moved) == (0.0, 0.0)
    assert passed_on(0.0, moved) == pytest.approx((800.0, 400.0))


def test_an_adjustment_counts_the_room_the_traders_page_shows(db: Session) -> None:
    """A proposal of 10 t into De Doorvoer, whose page shows 1,300 kg left: 295 t (1,298 kg
    N) fits, 296 t (1,302.4 kg N) does not. Counting all 1,000 kg that came in would leave
    700 kg and refuse 295 t."""
    scene = passed_on_scene(db, DAY)
    moved = year_deliveries(db, scene.trader, DAY.year)
    assert year_moved(db, DAY.year)[scene.trader.id] == moved
    page = calculate(scene.trader, POLICY, DAY, None, moved)
    assert page.now.room_left_kg == pytest.approx(ROOM_LEFT)
    proposal = add_proposal(db, add_run(db), scene.lot_id, scene.request_id, 10.0)
    assert adjusted(db, proposal, 295.0, POLICY, DAY) == "fits"
    assert adjusted(db, proposal, 296.0, POLICY, DAY) == "n_room_exceeded"
