"""A refused tonnes adjustment answers at an address a browser can open again, and its
refusal writes the figures as the review page does ("1.250 t", not "1250 t")."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, post_form
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run, proposal_row


@pytest.fixture
def coordinator(client: FlaskClient, marketplace: Market) -> FlaskClient:
    log_in(client, marketplace.coordinator_email)
    return client


def test_a_refused_adjustment_can_be_reloaded(app: Flask, coordinator: FlaskClient) -> None:
    run_id, proposal_id = add_solved_run(app)
    action = f"/review/proposals/{proposal_id}/adjust"
    refused = post_form(coordinator, f"/review/runs/{run_id}", {"tonnes": "2000"}, action)
    assert refused.status_code == 400
    shown = refused.get_data(as_text=True)
    assert f'action="{action}"' in shown
    assert 'value="2000"' in shown
    assert "Van deze partij kan nog 1.250 t worden goedgekeurd; dit voorstel vraagt 2.000 t." in (
        shown
    )
    again = coordinator.get(action)
    assert again.status_code == 200
    assert 'value="120"' in again.get_data(as_text=True)
    assert proposal_row(app, proposal_id).tonnes == 120.0


def test_the_adjust_page_of_a_closed_proposal_leads_back_to_its_run(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    post_form(coordinator, page, {}, f"/review/proposals/{proposal_id}/approve")
    answer = coordinator.get(f"/review/proposals/{proposal_id}/adjust")
    assert answer.headers["Location"] == f"{page}#p{proposal_id}"
