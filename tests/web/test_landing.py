"""The landing page: visitors learn what mestmatch does and see the public figures."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.conftest import Market
from tests.web.test_figures import book_deliveries


def test_visitors_learn_who_the_market_is_for_and_how_to_join(client: FlaskClient) -> None:
    response = client.get("/?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for audience in ("For livestock farmers", "For arable farmers", "For coordinators"):
        assert f">{audience}</h3>" in page
    assert "the minimum A-share of 70%" in page
    assert '<a class="button" href="/login">Log in</a>' in page
    assert '<a class="button button-secondary" href="/signup">Sign up your farm</a>' in page
    assert "No deliveries booked in this year yet." in page


def test_the_landing_page_shows_the_figures_of_three_farms_a_side(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    book_deliveries(app, 3, 3)
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "<strong>1,200 kg</strong> nitrogen recycled" in page
    assert marketplace.livestock_farm not in page


def test_the_landing_page_hides_the_figures_of_one_pair_of_farms(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    book_deliveries(app, 3, 1)
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Fewer than 3 farms, not shown" in page
    assert "nitrogen recycled" not in page


def test_logged_in_farmers_keep_the_market(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.arable_email)
    page = client.get("/").get_data(as_text=True)
    assert "Biologische mest, gekoppeld aan het land" not in page
    assert marketplace.livestock_farm in page
