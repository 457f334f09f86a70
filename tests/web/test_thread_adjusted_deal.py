"""A deal whose tonnes a coordinator changed shows the approved tonnes in its thread.

De Terp and Akkerbouw Dronten agree 20 t (`tests.web.deal_helpers`); the coordinator changes
the deal to 10 t and approves it. The thread's offer then says 10 t, as My proposals and the
mail do, and that a coordinator changed it from the 20 t the farms agreed, in Dutch and
English.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, post_form
from tests.web.deal_helpers import COORDINATOR, RECEIVER, agreed_deal
from tests.web.market_helpers import approve_all


def test_the_thread_shows_the_tonnes_the_coordinator_approved(
    app: Flask, client: FlaskClient
) -> None:
    deal = agreed_deal(app, approved=False)
    approve_all(app)
    log_in(client, COORDINATOR)
    page, proposal = f"/review/runs/{deal.run_id}", f"/review/proposals/{deal.proposal_id}"
    assert post_form(client, page, {"tonnes": "10"}, f"{proposal}/adjust").status_code == 302
    assert post_form(client, page, {}, f"{proposal}/approve").status_code == 302
    farmer = app.test_client()
    log_in(farmer, RECEIVER)
    thread = farmer.get(f"/threads/{deal.thread_id}").get_data(as_text=True)
    offer = thread[thread.index('<li id="offer') :]
    assert "</strong> 10 t " in offer and "</strong> 20 t " not in offer
    assert "Een coördinator heeft de hoeveelheid gewijzigd van 20 t in 10 t." in offer
    assert "goedgekeurd" in offer
    farmer.get("/login?lang=en")
    english = farmer.get(f"/threads/{deal.thread_id}").get_data(as_text=True)
    assert "A coordinator changed the tonnes from 20 t to 10 t." in english
