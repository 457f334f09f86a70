"""The delivery faults reported in issue 10, each with the figures of its report, now
refused or fixed; the review's faults are in `test_season_review_faults.py`.

The seeded world (`tests/api/conftest.py`): a 500 t lot of the livestock farm, a request of
the arable farm for 40,000 kg N, 120 t approved, 300 t proposed, 50 t agreed with 48 t
delivered. The races among these faults (accept and decline together, a form sent twice at
once, two "approve all" at once) are in `races/`; the season they come from is
`tests/integration/test_season.py`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from market.core.clock import today
from market.models import AuditEntry, Delivery, Farm, Request, ReviewStatus, RunStatus
from market.proposals.services.balance import request_balance
from tests.api.conftest import ANY_DISTANCE, NEW_YEAR, Call, World, proposal
from tests.conftest import csrf_token, log_in, state
from tests.factories import add_lot, add_request, add_run, farm_today
from tests.factories import add_proposal as add_proposal_row

STAR = {"If-Match": "*"}
DUTCH = {**STAR, "Accept-Language": "nl"}


def add_proposal(app: Flask, world: World, tonnes: float, status: ReviewStatus) -> int:
    """A proposal of the world's lot and request in a solved run of its own."""
    with state(app).session_factory() as session:
        _, row = proposal(session, world.lot, world.request, tonnes, status)
        session.commit()
        return row


def agree(call: Call, proposal_id: int) -> None:
    """Approve through the API (today), then both farms accept."""
    assert (
        call("coordinator", "POST", f"/proposals/{proposal_id}/approve", headers=STAR).status_code
        == 200
    )
    for farm in ("livestock", "arable"):
        assert call(farm, "POST", f"/proposals/{proposal_id}/accept").status_code == 200


def deliver(call: Call, proposal_id: int, tonnes: float, **extra: Any) -> Any:
    role = extra.pop("role", "livestock")
    body = {
        "proposal_id": proposal_id,
        "delivered_on": extra.pop("day", farm_today()).isoformat(),
        "weighed_tonnes": tonnes,
        **extra,
    }
    return call(role, "POST", "/deliveries", json=body)


def test_deliveries_beyond_the_tolerance_need_a_coordinator_s_reason(
    call: Call, api_app: Flask, world: World
) -> None:
    """Reported: on a 9.5 t proposal a weighed 300 t was saved, then 3 more deliveries."""
    small = add_proposal(api_app, world, 9.5, ReviewStatus.PROPOSED)
    agree(call, small)
    refused = deliver(call, small, 300.0)
    assert refused.status_code == 422
    [error] = refused.get_json()["errors"]
    assert (error["field"], error["code"]) == ("weighed_tonnes", "over_tolerance")
    assert deliver(call, small, 10.4).status_code == 201  # 9.5 t + 10 % = 10.45 t
    for _ in range(3):
        assert deliver(call, small, 1.0).status_code == 422
    confirmed = deliver(call, small, 300.0, role="coordinator", excess_reason="weighbridge slip")
    assert confirmed.status_code == 201
    with state(api_app).session_factory() as session:
        weighed = session.scalars(
            select(Delivery.weighed_tonnes).where(Delivery.proposal_id == small)
        ).all()
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "delivery.excess")
        ).one()
    assert sorted(weighed) == [10.4, 300.0]
    assert entry.target_id == small and entry.detail["reason"] == "weighbridge slip"
    farmer_excess = deliver(call, small, 1.0, excess_reason="farmers may not")
    assert farmer_excess.status_code == 422


def test_delivery_dates_before_the_approval_or_in_the_future_are_refused(
    call: Call, api_app: Flask, world: World
) -> None:
    """Reported: delivery dates in 2019 and 2031 were accepted."""
    fresh = add_proposal(api_app, world, 20.0, ReviewStatus.PROPOSED)
    agree(call, fresh)
    for day, code in ((date(2019, 6, 1), "before_approval"), (date(2031, 6, 1), "date_future")):
        answer = deliver(call, fresh, 5.0, day=day)
        assert answer.status_code == 422
        [error] = answer.get_json()["errors"]
        assert (error["field"], error["code"]) == ("delivered_on", code)
    tomorrow = today(state(api_app).settings) + timedelta(days=1)
    assert deliver(call, fresh, 5.0, day=tomorrow).status_code == 422
    assert deliver(call, fresh, 5.0, day=today(state(api_app).settings)).status_code == 201


def test_the_delivery_form_sent_twice_books_once(call: Call, api_app: Flask, world: World) -> None:
    """Reported: the same delivery POSTed twice (a double-submitted form) booked two."""
    fresh = add_proposal(api_app, world, 20.0, ReviewStatus.PROPOSED)
    agree(call, fresh)
    browser = api_app.test_client()
    log_in(browser, "livestock@example.nl")
    page = browser.get(f"/deliveries/new/{fresh}")
    text = page.get_data(as_text=True)
    key = text.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    form = {
        "csrf_token": csrf_token(page),
        "submission_key": key,
        "delivered_on": today(state(api_app).settings).isoformat(),
        "weighed_tonnes": "19,5",
    }
    answers = [browser.post(f"/deliveries/new/{fresh}", data=form) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    with state(api_app).session_factory() as session:
        count = session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.proposal_id == fresh)
        )
    assert count == 1


def test_delivering_the_agreed_champost_holds_the_agreed_n(
    call: Call, api_app: Flask, world: World
) -> None:
    """Champost's N counts 7 kg/t whatever its analysis says (R7, `classify_lot`), so the
    proposal holds 100 t × 7 = 700 kg N of the request. Delivering exactly those 100 t (the
    lot's analysis, 7.6 kg N/t, goes into the ledger) must not make the request hold 760 kg N:
    on the demo data the season test found a 6,500 kg N request holding 6,800 kg N."""
    with state(api_app).session_factory() as session:
        farms = world.farms
        lot = add_lot(
            session,
            session.get_one(Farm, farms["livestock"]),
            kind="champost",
            n_kg_per_t=7.6,
            direct_from_organic_farm=True,
            available_from=NEW_YEAR,
        )
        ask = add_request(session, session.get_one(Farm, farms["arable"]), 700.0, **ANY_DISTANCE)
        run = add_run(session, status=RunStatus.SOLVED)
        row = add_proposal_row(session, run, lot.id, ask.id, 100.0, n_kg=700.0, a_n_kg=700.0)
        session.commit()
        agreed_id, ask_id = row.id, ask.id
    agree(call, agreed_id)
    assert deliver(call, agreed_id, 100.0).status_code == 201
    with state(api_app).session_factory() as session:
        held = request_balance(session, session.get_one(Request, ask_id))
    assert held.committed == pytest.approx(700.0)
    assert held.committed <= held.offered + 1e-6
