"""A coordinator's approve and adjust forms carry the proposal as the page showed it
(`version`, the API's ETag): a form from a page opened before the proposal was approved or
changed in another tab is refused with what changed, and nothing is written."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import FarmerResponse, ReviewStatus
from tests.conftest import hidden_fields, log_in, post_form
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run, proposal_row

APPROVED_MEANWHILE = "Dit voorstel is goedgekeurd nadat u deze pagina opende"
CHANGED_MEANWHILE = "Dit voorstel is gewijzigd nadat u deze pagina opende"


@pytest.fixture
def coordinator(client: FlaskClient, marketplace: Market) -> FlaskClient:
    log_in(client, marketplace.coordinator_email)
    return client


def test_an_adjustment_from_before_the_approval_is_refused(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    action = f"/review/proposals/{proposal_id}/adjust"
    old_tab = hidden_fields(coordinator.get(page), action)  # the form, opened first
    assert old_tab["version"]
    post_form(coordinator, page, {}, f"/review/proposals/{proposal_id}/approve")  # other tab
    approved = proposal_row(app, proposal_id)
    assert approved.review_status is ReviewStatus.APPROVED
    refused = coordinator.post(action, data={**old_tab, "tonnes": "100,5"})
    assert refused.headers["Location"] == f"{page}#p{proposal_id}"
    after = proposal_row(app, proposal_id)
    assert after.tonnes == approved.tonnes and after.n_kg == approved.n_kg
    assert after.review_status is ReviewStatus.APPROVED
    assert after.supplier_response is FarmerResponse.PENDING
    assert APPROVED_MEANWHILE in coordinator.get(page).get_data(as_text=True)


def test_an_approval_from_before_an_adjustment_is_refused(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    approve = f"/review/proposals/{proposal_id}/approve"
    old_tab = hidden_fields(coordinator.get(page), approve)
    adjust = f"/review/proposals/{proposal_id}/adjust"
    assert post_form(coordinator, page, {"tonnes": "100,5"}, adjust).status_code == 302
    refused = coordinator.post(approve, data=old_tab)
    assert refused.status_code == 302
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.PROPOSED
    shown = coordinator.get(page).get_data(as_text=True)
    assert f"{CHANGED_MEANWHILE}, misschien in een ander tabblad (nu 100,5 t)" in shown
    assert post_form(coordinator, page, {}, approve).status_code == 302  # the page reloaded
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.APPROVED


def test_the_adjust_page_refuses_a_stale_form_and_takes_the_next_one(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, proposal_id = add_solved_run(app)
    action = f"/review/proposals/{proposal_id}/adjust"
    old_tab = hidden_fields(coordinator.get(action), action)
    post_form(coordinator, f"/review/runs/{run_id}", {"tonnes": "90"}, action)  # other tab
    refused = coordinator.post(action, data={**old_tab, "tonnes": "80"})
    assert refused.status_code == 409
    assert CHANGED_MEANWHILE in refused.get_data(as_text=True)
    assert proposal_row(app, proposal_id).tonnes == 90.0
    again = coordinator.post(action, data={**hidden_fields(refused, action), "tonnes": "80"})
    assert again.status_code == 302
    assert proposal_row(app, proposal_id).tonnes == 80.0


def test_a_form_without_its_version_changes_nothing(app: Flask, coordinator: FlaskClient) -> None:
    run_id, proposal_id = add_solved_run(app)
    form = hidden_fields(coordinator.get(f"/review/runs/{run_id}"))
    del form["version"]
    before = proposal_row(app, proposal_id).tonnes
    action = f"/review/proposals/{proposal_id}/adjust"
    assert coordinator.post(action, data={**form, "tonnes": "80"}).status_code == 409
    coordinator.post(f"/review/proposals/{proposal_id}/approve", data=form)
    row = proposal_row(app, proposal_id)
    assert row.tonnes == before and row.review_status is ReviewStatus.PROPOSED


def test_a_rejection_asked_about_other_tonnes_is_refused(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, proposal_id = add_solved_run(app)
    question = f"/review/proposals/{proposal_id}/reject"
    old_tab = hidden_fields(coordinator.get(question), question)  # "500 t from … to …?"
    assert old_tab["version"]
    adjust = f"/review/proposals/{proposal_id}/adjust"
    assert post_form(coordinator, f"/review/runs/{run_id}", {"tonnes": "100,5"}, adjust)
    refused = coordinator.post(question, data={**old_tab, "reason": "te ver"})
    assert refused.headers["Location"] == f"/review/runs/{run_id}#p{proposal_id}"
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.PROPOSED
    page = coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    row = page[page.index(f'<tr id="p{proposal_id}"') :]
    assert CHANGED_MEANWHILE in row[: row.index("</tr>")]  # said where the page scrolls to
    assert post_form(coordinator, question, {"reason": "te ver"}).status_code == 302
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.REJECTED
