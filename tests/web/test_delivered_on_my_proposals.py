""" "My proposals" says what was delivered on an agreed proposal, and offers to record a
delivery only while tonnes are still due (the deliveries page's rule, `still_due`)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, post_form
from tests.web.conftest import Market
from tests.web.review_helpers import agreed_proposal, proposal_row
from tests.web.test_deliveries import DELIVERY


def test_a_fully_delivered_proposal_says_so_and_takes_no_more_deliveries_there(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    proposal_id = agreed_proposal(app)
    tonnes = proposal_row(app, proposal_id).tonnes
    log_in(client, marketplace.arable_email)
    page = f"/deliveries/new/{proposal_id}"
    assert tonnes > 50
    assert post_form(client, page, {**DELIVERY, "weighed_tonnes": "50"}).status_code == 302
    mine = client.get("/proposals").get_data(as_text=True)
    assert "Al geleverd op dit voorstel: 50 t van " in mine
    assert f'href="{page}"' in mine  # the rest is still due
    rest = f"{tonnes - 50:g}".replace(".", ",")
    second = {**DELIVERY, "weighed_tonnes": rest, "transport_document_no": "VDM-2026-000124"}
    assert post_form(client, page, second).status_code == 302
    mine = client.get("/proposals").get_data(as_text=True)
    assert f'href="{page}"' not in mine
    assert "Geleverd: " in mine and 'href="/deliveries"' in mine
