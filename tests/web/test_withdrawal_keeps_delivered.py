"""Withdrawing a listing lapses only the proposals nothing was delivered on yet.

De Hoeve's 120 t to Akkerbouw Zeeland are approved and accepted, and 48 t of them were weighed
(`tests.factories.add_delivery`). When De Hoeve then withdraws the lot, or Akkerbouw Zeeland its
request, the delivery went ahead: the farmer's My proposals does not call it lapsed ("Vervallen")
or changed, and the coordinator's run page still says it is approved, not "vervallen
(ingetrokken)".
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Proposal, ReviewStatus
from tests.conftest import post_form, state
from tests.factories import add_delivery
from tests.web.conftest import Market
from tests.web.market_helpers import approved_farmer
from tests.web.review_helpers import agreed_proposal, proposal_row

LAPSED = "Vervallen: het aanbod of de vraag is ingetrokken."
CHANGED = "De partij of vraag is gewijzigd sinds dit voorstel is gemaakt."


def _delivered_proposal(app: Flask) -> Proposal:
    proposal_id = agreed_proposal(app)
    with state(app).session_factory() as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        add_delivery(session, proposal)
        session.commit()
    return proposal_row(app, proposal_id)


@pytest.mark.parametrize("side", ["lot", "request"])
def test_a_partly_delivered_proposal_stays_approved_after_a_withdrawal(
    app: Flask, client: FlaskClient, marketplace: Market, side: str
) -> None:
    proposal = _delivered_proposal(app)
    if side == "lot":
        email, address = marketplace.livestock_email, f"/lots/{proposal.lot_id}/withdraw"
    else:
        email, address = marketplace.arable_email, f"/requests/{proposal.request_id}/withdraw"
    farmer = approved_farmer(app, client, email)
    withdrawn = post_form(farmer, address, {"reason": "Verkocht"})
    assert withdrawn.status_code == 302, withdrawn.get_data(as_text=True)
    assert proposal_row(app, proposal.id).review_status is ReviewStatus.APPROVED
    mine = farmer.get("/proposals").get_data(as_text=True)
    assert LAPSED not in mine and CHANGED not in mine
    assert f"/deliveries/new/{proposal.id}" in mine
    coordinator = app.test_client()
    approved_farmer(app, coordinator, marketplace.coordinator_email)
    run = coordinator.get(f"/review/runs/{proposal.run_id}").get_data(as_text=True)
    row = run[run.index(f'<tr id="p{proposal.id}"') :]
    row = row[: row.index("</tr>")]
    assert "goedgekeurd" in row and "vervallen" not in row
