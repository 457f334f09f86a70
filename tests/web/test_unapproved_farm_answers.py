"""A farm waiting for a coordinator's approval (after a new name, Skal number or
certification) cannot accept a proposal, as it cannot post a listing; it can decline."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from market.models import Farm, FarmerResponse
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import farm_id
from tests.web.test_proposals import add_proposal, load_proposal

WAITS = "Uw bedrijf wacht op een coördinator"


def _unapprove(app: Flask, name: str) -> None:
    with state(app).session_factory() as session:
        session.get_one(Farm, farm_id(app, name)).approved = False
        session.commit()


def test_a_farm_awaiting_approval_may_decline_but_not_accept(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    proposal = add_proposal(app)
    _unapprove(app, "Akkerbouw Zeeland")
    log_in(client, marketplace.arable_email)
    post_form(client, "/proposals", {}, f"/proposals/{proposal}/accept")
    assert load_proposal(app, proposal).receiver_response is FarmerResponse.PENDING
    assert WAITS in client.get("/proposals").get_data(as_text=True)
    question = f"/proposals/{proposal}/decline"
    assert post_form(client, question, {"reason": "te ver"}).status_code == 302
    assert load_proposal(app, proposal).receiver_response is FarmerResponse.DECLINED
