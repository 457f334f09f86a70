"""The review's faults reported in issue 10, each with the figures of its report, now
refused or fixed: runs after "approve all", refused approvals, lots and proposals whose
tonnes change under what is approved. The seeded world and the helpers are those of
`test_season_faults.py` (the delivery faults).
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from market.core.clock import today
from market.models import FarmerResponse, Lot, MatchRun, Proposal, ReviewStatus, Role
from market.proposals.schemas import DecisionInput
from market.proposals.services.capacity import Ground, review_all
from tests.api.conftest import Call, World
from tests.api.test_season_faults import DUTCH, STAR, add_proposal
from tests.conftest import load, log_in, post_form, state
from tests.factories import add_run, add_user, small_market
from tests.worker.inline import run_inline
from worker.context import WorkerContext


def test_a_second_run_after_approve_all_does_not_propose_the_same_tonnes(app: Flask) -> None:
    """Reported: run, approve all, run again: the second proposed the same tonnes again."""
    settings = state(app).settings
    with state(app).session_factory() as session:
        small_market(session)
        coordinator = add_user(session, "c@example.nl", Role.COORDINATOR, None).id
        first = add_run(session, settings).id
        session.commit()
    ctx = WorkerContext(settings)
    try:
        assert run_inline(ctx, first) == "solved"
        with state(app).session_factory() as session:
            run = session.get_one(MatchRun, first)
            ground = Ground(settings.policy, today(settings))
            outcome = review_all(session, run, coordinator, DecisionInput(approve=True), ground)
            assert len(outcome.changed) == 1  # the request's 4,000 kg N, met in full
            second = add_run(session, settings).id
            session.commit()
        assert run_inline(ctx, second, "task-2") == "solved"
    finally:
        ctx.dispose()
    with state(app).session_factory() as session:
        again = session.scalars(select(Proposal).where(Proposal.run_id == second)).all()
    assert again == []


def test_a_refused_approval_speaks_dutch_in_the_api_and_on_the_page(
    call: Call, api_app: Flask, world: World
) -> None:
    """Reported: approving then failed with an English sentence in the Dutch UI."""
    assert (
        call(
            "coordinator", "POST", f"/proposals/{world.proposed}/approve", headers=STAR
        ).status_code
        == 200
    )
    rival = add_proposal(api_app, world, 300.0, ReviewStatus.PROPOSED)
    refused = call("coordinator", "POST", f"/proposals/{rival}/approve", headers=DUTCH)
    assert refused.status_code == 422
    [error] = refused.get_json()["errors"]
    assert error["code"] == "lot_taken"  # 500 t − 170 − 300 = 30 t left
    assert (
        error["detail"]
        == "Van deze partij kan nog 30 t worden goedgekeurd; dit voorstel vraagt 300 t."
    )
    browser = api_app.test_client()
    log_in(browser, "coordinator@example.nl")
    run_page = f"/review/runs/{load(api_app, Proposal, rival).run_id}"
    page = post_form(browser, run_page, {}, f"/review/proposals/{rival}/approve")
    assert page.status_code == 302
    shown = browser.get(page.headers["Location"]).get_data(as_text=True)
    assert "Van deze partij kan nog 30 t worden goedgekeurd" in shown
    assert load(api_app, Proposal, rival).review_status is ReviewStatus.PROPOSED


def test_a_lot_cannot_be_cut_below_what_is_approved(
    call: Call, api_app: Flask, world: World
) -> None:
    """Reported: a lot was cut from 300 t to 100 t under an accepted proposal."""
    lot = call("livestock", "GET", f"/lots/{world.lot}")
    lowered = call(
        "livestock",
        "PATCH",
        f"/lots/{world.lot}",
        json={"tonnes": 100},
        headers={"If-Match": lot.headers["ETag"]},
    )
    assert lowered.status_code == 422  # 120 t approved, 48 t of 50 t delivered: 170 t held
    [error] = lowered.get_json()["errors"]
    assert (error["field"], error["code"]) == ("tonnes", "below_committed")
    lot = call("livestock", "GET", f"/lots/{world.lot}")
    assert lot.get_json()["tonnes"] == 500
    kept = call(
        "livestock",
        "PATCH",
        f"/lots/{world.lot}",
        json={"tonnes": 170},
        headers={"If-Match": lot.headers["ETag"]},
    )
    assert kept.status_code == 200
    assert load(api_app, Proposal, world.approved).review_status is ReviewStatus.APPROVED


def test_adjusting_an_approved_proposal_counts_every_run(
    call: Call, api_app: Flask, world: World
) -> None:
    """Reported: adjusting counted only the same run; a 1,200 t lot ended with 2,400 t."""
    with state(api_app).session_factory() as session:  # as the service stores it, so that
        session.get_one(Lot, world.lot).manure_code = "14"  # a new quantity keeps the version
        session.commit()
    lot = call("livestock", "GET", f"/lots/{world.lot}")
    assert (
        call(
            "livestock",
            "PATCH",
            f"/lots/{world.lot}",
            json={"tonnes": 1200},
            headers={"If-Match": lot.headers["ETag"]},
        ).status_code
        == 200
    )
    other_run = add_proposal(api_app, world, 900.0, ReviewStatus.PROPOSED)
    assert (
        call("coordinator", "POST", f"/proposals/{other_run}/approve", headers=STAR).status_code
        == 200
    )
    # 120 + 50 (48 delivered) + 900 = 1,070 t held; world.approved to 1,200 t would be 2,150 t
    grown = call(
        "coordinator",
        "PATCH",
        f"/proposals/{world.approved}",
        json={"tonnes": 1200},
        headers=STAR,
    )
    assert grown.status_code == 422
    [error] = grown.get_json()["errors"]
    assert error["code"] == "lot_taken"
    assert load(api_app, Proposal, world.approved).tonnes == 120.0
    fits = call(
        "coordinator", "PATCH", f"/proposals/{world.approved}", json={"tonnes": 250}, headers=STAR
    )
    assert fits.status_code == 200  # 1,070 − 120 + 250 = 1,200 t


def test_a_changed_tonnage_asks_both_farms_again(call: Call, api_app: Flask, world: World) -> None:
    """Reported: a farm's acceptance survived a change of the tonnes."""
    for farm in ("livestock", "arable"):
        assert call(farm, "POST", f"/proposals/{world.approved}/accept").status_code == 200
    changed = call(
        "coordinator", "PATCH", f"/proposals/{world.approved}", json={"tonnes": 100}, headers=STAR
    )
    assert changed.status_code == 200
    body = changed.get_json()
    assert (body["supplier_response"], body["receiver_response"]) == ("pending", "pending")
    row = load(api_app, Proposal, world.approved)
    assert (row.supplier_response, row.receiver_response) == (
        FarmerResponse.PENDING,
        FarmerResponse.PENDING,
    )
    assert call("arable", "POST", f"/proposals/{world.approved}/accept").status_code == 200
