"""A new user's findings on booking deliveries through the API, with the report's figures.

The seeded world (`tests/api/conftest.py`): a 500 t lot of the livestock farm with 48 t
delivered, a request of the arable farm for 40,000 kg N.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from market.models import AuditEntry, Delivery, Lot, ReviewStatus
from market.proposals.services.balance import lot_balance
from tests.api.conftest import Call, World
from tests.api.test_season_faults import DUTCH, add_proposal, agree, deliver
from tests.conftest import state
from tests.factories import farm_today


def booked(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(Delivery)) or 0


def test_a_coordinator_s_reason_cannot_book_more_than_the_lot_holds(
    call: Call, api_app: Flask, world: World
) -> None:
    """Reported: 100,000 t with the reason "weegbrug" on a 333.4 t proposal was booked (the
    lot then showed 100,401 t delivered of 1,200). The reason lifts the proposal's tolerance,
    not the lot's tonnes: 48 + 100,000 t is more than 500 t + 10 % (here on a 300 t proposal,
    what the lot has left)."""
    proposal = add_proposal(api_app, world, 300.0, ReviewStatus.PROPOSED)
    agree(call, proposal)
    before = booked(api_app)
    refused = deliver(call, proposal, 100000, role="coordinator", excess_reason="weegbrug")
    assert refused.status_code == 422
    [error] = refused.get_json()["errors"]
    assert (error["field"], error["code"]) == ("weighed_tonnes", "over_lot")
    limit = "would come to 100,048 t, more than the 550 t it can hold (500 t offered"
    assert limit in error["detail"]
    assert booked(api_app) == before
    confirmed = deliver(call, proposal, 400, role="coordinator", excess_reason="weegbrug")
    assert confirmed.status_code == 201  # 48 + 400 t: above the proposal, within the lot
    with state(api_app).session_factory() as session:
        assert lot_balance(session, session.get_one(Lot, world.lot)).delivered == 448
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "delivery.excess")
        ).one()
        assert entry.detail["delivery_id"] == confirmed.get_json()["id"]


def test_the_limit_is_written_in_the_caller_s_language(
    call: Call, api_app: Flask, world: World
) -> None:
    proposal = add_proposal(api_app, world, 300.0, ReviewStatus.PROPOSED)
    agree(call, proposal)
    body = {
        "proposal_id": proposal,
        "delivered_on": farm_today().isoformat(),
        "weighed_tonnes": 1035,
        "excess_reason": "weegbrug",
    }
    refused = call("coordinator", "POST", "/deliveries", json=body, headers=DUTCH)
    [error] = refused.get_json()["errors"]
    assert error["detail"].startswith(
        "De leveringen uit deze partij zouden samen 1.083 t worden, meer dan de 550 t"
    )


def test_a_weighing_of_less_than_a_scale_interval_is_refused(
    call: Call, api_app: Flask, world: World
) -> None:
    """Reported: 0.0001 t was booked (0.00045 kg N)."""
    proposal = add_proposal(api_app, world, 20.0, ReviewStatus.PROPOSED)
    agree(call, proposal)
    refused = deliver(call, proposal, 0.0001)
    assert refused.status_code == 422
    [error] = refused.get_json()["errors"]
    assert (error["field"], error["code"]) == ("weighed_tonnes", "below_scale")
    assert deliver(call, proposal, 0.01).status_code == 201
