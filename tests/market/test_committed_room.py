"""The farm's N room left is one figure: the farm page's "after committed deliveries" and a
request's room check count approved proposals not yet delivered, as an approval does
(`farm_accounts.committed_balance`), while "after weighed deliveries" stays the yearly
overview's. A request above that room is saved with the `n_room` flag, never refused.

The arable farm has 10 ha and no animals: 1,700 kg N room (170 kg/ha). One approved, undelivered
proposal brings it 250 t of slurry at 4.4 kg N/t: 1,100 kg N, 600 kg N room left.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from config.settings import POLICY_DEFAULTS
from market.accounts.services.calculator import calculate
from market.core.schemas import parse
from market.deliveries.services.papers import year_deliveries
from market.listings.schemas import RequestInput, RequestPatch
from market.listings.services.listings import create_request, update_request
from market.listings.services.room import flag_room, room_shortfall
from market.models import Farm, Request, ReviewStatus
from market.proposals.services.farm_accounts import Change, Flow, committed_balance, farm_problem
from matching.rules.plausibility import ROOM_FLAG
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, farm_today
from tests.market.conftest import REQUEST_FORM

ON = farm_today()


def _committed_farm(session: Session) -> tuple[Farm, Request]:
    """The arable farm and its request with the approved proposal (1,100 kg N) into it."""
    supplier = add_farm(session, "De Terp", skal_number="123401")
    arable = add_farm(session, "Akkerbouw Dronten", area_ha=10.0, skal_number="123402")
    lot = add_lot(session, supplier, tonnes=1000.0, available_from=date(ON.year, 1, 1))
    request = add_request(session, arable, 1500.0, wanted_from=date(ON.year, 1, 1))
    run = add_run(session)
    add_proposal(session, run, lot.id, request.id, 250.0, review_status=ReviewStatus.APPROVED)
    return arable, request


def test_the_page_and_the_approval_count_the_approved_proposal(db: Session) -> None:
    farm, _ = _committed_farm(db)
    committed = committed_balance(db, farm, POLICY_DEFAULTS, ON)
    moved = year_deliveries(db, farm, ON.year)
    calc = calculate(farm, POLICY_DEFAULTS, ON, None, moved, committed)
    assert calc.now.room_left_kg == pytest.approx(1700.0)  # the yearly overview's figure
    assert calc.committed.room_left_kg == pytest.approx(600.0)
    assert calc.committed_n_kg == pytest.approx(1100.0)
    refused = farm_problem(db, farm, POLICY_DEFAULTS, ON, Change(Flow(700.0, 700.0, 700.0)))
    fits = farm_problem(db, farm, POLICY_DEFAULTS, ON, Change(Flow(600.0, 600.0, 600.0)))
    assert (refused and refused.code, fits) == ("n_room_exceeded", None)


def test_a_request_above_the_committed_room_is_saved_with_the_flag(db: Session) -> None:
    farm, _ = _committed_farm(db)
    data = parse(RequestInput, {**REQUEST_FORM, "n_kg": 900})
    request = create_request(db, farm, data)
    flag_room(db, request, POLICY_DEFAULTS, ON)
    short = room_shortfall(db, request, POLICY_DEFAULTS, ON)
    assert ROOM_FLAG in request.flags
    assert short is not None and short.room_left_kg == pytest.approx(600.0)
    assert not request.confirm_unusual  # the room's flag needs no confirmation
    update_request(db, request, parse(RequestPatch, {"max_distance_km": 40}))
    assert ROOM_FLAG in request.flags  # kept by the listener until checked anew
    update_request(db, request, parse(RequestPatch, {"n_kg": 500}))
    flag_room(db, request, POLICY_DEFAULTS, ON)
    assert ROOM_FLAG not in request.flags


def test_the_request_holding_the_proposal_is_not_counted_twice(db: Session) -> None:
    """1,500 kg N asked, 1,100 held by its own proposal: 400 open fit the 600 left."""
    _, request = _committed_farm(db)
    flag_room(db, request, POLICY_DEFAULTS, ON)
    assert room_shortfall(db, request, POLICY_DEFAULTS, ON) is None
    assert ROOM_FLAG not in request.flags
