"""A listing's distance limit is shown as entered, to the tenth ("80,5 km", not "81 km")."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, post_form
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids
from tests.web.test_lots import LOT


def test_a_lot_page_shows_its_distance_limit_to_the_tenth(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    log_in(client, marketplace.livestock_email)
    assert post_form(client, "/lots/new", {**LOT, "max_distance_km": "80,5"}).status_code == 302
    page = client.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert "<dd>80,5 km</dd>" in page
