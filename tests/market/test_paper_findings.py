"""A new user's findings on statements and the farm's N room, on both databases.

- A statement of non-availability judges each lot by what is still open of it (the listing's
  balance, as the API shows it), not by what it once offered, and keeps both figures.
- Asked again the same day on the same findings it is the same statement, not a new number.
- The N room left counts the year's deliveries both ways: manure sent out is not applied on
  the farm's own land, manure brought in is; the farm page and the yearly overview use the
  same figure.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.accounts.services.calculator import calculate
from market.core.schemas import parse
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.deliveries.services.papers import year_deliveries, year_overview
from market.deliveries.services.statements import issue_statement
from market.listings.services.listings import lot_origin
from market.models import Farm, Lot, Request, Statement
from market.proposals.services.balance import lot_balance
from matching.rules import classify_lot
from tests.factories import add_farm, add_lot, add_request

ON = date(2026, 11, 30)
POLICY = {"road_factor": 1.3, "max_distance_km": 150.0, "n_cap_kg_per_ha": 170.0}
N_POLICY = {"n_cap_kg_per_ha": 170.0, "a_share_min": 0.7}
PERIOD = {"available_from": date(2026, 11, 1)}


def deliver(session: Session, lot: Lot, receiver: Farm, tonnes: float, n_kg_per_t: float) -> None:
    """`tonnes` of `lot` weighed and booked for `receiver` on `ON`, as the ledger books it."""
    data = parse(
        Weighing,
        {"delivered_on": ON.isoformat(), "weighed_tonnes": tonnes, "n_kg_per_t": n_kg_per_t},
    )
    record_delivery(session, lot, receiver, classify_lot(lot.kind, lot_origin(lot)), data)


def statement_market(session: Session) -> tuple[Farm, Farm, Request]:
    """A supplier near the receiver (Zwolle), a third farm that took its manure, and the
    receiver's request for cattle slurry within 60 km."""
    supplier = add_farm(session, "De Hoeve", lat=52.6, lon=6.4)
    receiver = add_farm(session, "De Es")
    request = add_request(session, receiver, kinds=["cattle_slurry"], wanted_from=ON)
    return supplier, add_farm(session, "Derde Erf", lat=52.7, lon=6.2), request


def test_a_used_up_lot_cannot_serve_and_the_statement_shows_what_is_open(db: Session) -> None:
    supplier, taker, request = statement_market(db)
    used_up = add_lot(db, supplier, tonnes=900.0, **PERIOD)
    deliver(db, used_up, taker, 900.0, 4.4)
    partly = add_lot(db, supplier, "pig_slurry", tonnes=1200.0, **PERIOD)
    deliver(db, partly, taker, 700.0, 6.0)
    assert lot_balance(db, used_up).open == 0.0  # what the API shows as balance.open
    issued = issue_statement(db, request, POLICY, ON, None)  # the old code refused: "available"
    lots = {lot["lot_id"]: lot for lot in issued.statement.lots}
    assert [r["code"] for r in lots[used_up.id]["reasons"]] == ["none_open"]
    assert (lots[used_up.id]["open_tonnes"], lots[used_up.id]["tonnes"]) == (0.0, 900.0)
    assert (lots[partly.id]["open_tonnes"], lots[partly.id]["tonnes"]) == (500.0, 1200.0)
    assert [r["code"] for r in lots[partly.id]["reasons"]] == ["kind_not_accepted"]


def test_asking_again_the_same_day_gives_the_same_statement(db: Session) -> None:
    supplier, _, request = statement_market(db)
    add_lot(db, supplier, "pig_slurry", **PERIOD)
    first = issue_statement(db, request, POLICY, ON, None)
    again = issue_statement(db, request, POLICY, ON, None)
    assert first.new and not again.new
    assert again.statement.id == first.statement.id
    assert db.scalar(select(func.count()).select_from(Statement)) == 1
    add_lot(db, supplier, "pig_solid", **PERIOD)  # the market changed: a new finding
    changed = issue_statement(db, request, POLICY, ON, None)
    tomorrow = issue_statement(db, request, POLICY, ON + timedelta(days=1), None)
    assert changed.new and tomorrow.new
    numbers = [s.number for s in (first.statement, changed.statement, tomorrow.statement)]
    assert len(set(numbers)) == 3


def n_farms(session: Session) -> tuple[Farm, Farm, Lot]:
    """A livestock farm of 10 ha producing 5,000 kg N (room 1,700 kg) with a lot of its
    slurry, and an arable farm of 40 ha (room 6,800 kg) producing 1,000 kg N."""
    livestock = add_farm(session, "De Terp", area_ha=10.0, measured_own_manure_n_kg=5000.0)
    arable = add_farm(session, "Akkerbouw Dronten", measured_own_manure_n_kg=1000.0)
    return livestock, arable, add_lot(session, livestock, tonnes=1000.0, **PERIOD)


def test_deliveries_out_free_the_room_and_deliveries_in_take_it(db: Session) -> None:
    livestock, arable, lot = n_farms(db)
    deliver(db, lot, arable, 500.0, 7.0)  # 3,500 kg N out of De Terp into Akkerbouw Dronten
    sent = year_overview(db, livestock, ON.year, N_POLICY).balance
    assert sent.own_kept_n_kg == pytest.approx(5000 - 3500)
    assert sent.room_left_kg == pytest.approx(1700 - 1500)  # was 1,700 − 5,000
    got = year_overview(db, arable, ON.year, N_POLICY).balance
    assert got.room_left_kg == pytest.approx(6800 - 1000 - 3500)


def test_the_farm_page_and_the_overview_count_the_same_deliveries(db: Session) -> None:
    livestock, arable, lot = n_farms(db)
    deliver(db, lot, arable, 300.0, 5.0)
    for farm in (livestock, arable):
        page = calculate(farm, N_POLICY, ON, None, year_deliveries(db, farm, ON.year)).now
        paper = year_overview(db, farm, ON.year, N_POLICY).balance
        assert page.room_left_kg == pytest.approx(paper.room_left_kg)
        assert page.a_share == pytest.approx(paper.a_share)


def test_manure_passed_on_beyond_the_own_production_is_not_applied(db: Session) -> None:
    """A farm without animals takes in 4,000 kg N of slurry and passes 3,000 kg of it on:
    only 1,000 kg of what came in stays on its land."""
    livestock, _, lot = n_farms(db)
    trader = add_farm(db, "Mestopslag Noord", lat=52.52, lon=6.1)
    deliver(db, lot, trader, 800.0, 5.0)
    passed_on = add_lot(db, trader, tonnes=600.0, **PERIOD)
    deliver(db, passed_on, livestock, 600.0, 5.0)
    kept = year_overview(db, trader, ON.year, N_POLICY).balance
    assert (kept.own_kept_n_kg, kept.animal_n_kg) == (0.0, pytest.approx(1000.0))
    assert kept.total_n_kg == pytest.approx(1000.0)
