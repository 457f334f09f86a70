"""The market page: log-in required, listings with derived categories, no dead links."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.conftest import Market

HREF = re.compile(r'href="([^"#]+)"')


def test_visitors_get_the_landing_page_not_the_market(
    client: FlaskClient, marketplace: Market
) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "Biologische mest, gekoppeld aan het land dat hem nodig heeft" in page
    assert 'href="/login"' in page and 'href="/signup"' in page
    assert marketplace.livestock_farm not in page and "Aangeboden mest" not in page


def test_farmer_sees_all_open_listings_with_categories(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.arable_email)
    page = client.get("/").get_data(as_text=True)
    assert "Rundveedrijfmest" in page
    assert '<span class="badge badge-A"' in page
    assert "Pluimveemest" in page
    assert '<span class="badge badge-C"' in page
    assert "1.250" in page
    assert "Varkensdrijfmest" not in page
    assert "4.000" in page
    assert "Rundveedrijfmest, Champost" in page
    assert "elke soort" in page


def test_header_names_the_farmers_own_farm_and_marks_its_listings(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.arable_email)
    page = client.get("/").get_data(as_text=True)
    assert f"Bedrijf: <strong>{marketplace.arable_farm}</strong>" in page
    assert page.count('<tr class="own">') == 1


def test_coordinator_header_shows_the_role(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.coordinator_email)
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "<strong>Coordinator</strong> · coordinator" in page
    assert 'class="own"' not in page


def test_every_link_on_the_page_works(app: Flask, marketplace: Market) -> None:
    for email in (marketplace.coordinator_email, marketplace.livestock_email):
        client = app.test_client()
        log_in(client, email)
        links = set(HREF.findall(client.get("/").get_data(as_text=True)))
        assert {"/", "/static/css/app.css"} <= links
        for link in links:
            with client.get(link.replace("&amp;", "&")) as response:
                assert response.status_code in {200, 302}, link


def test_english_page_uses_english_names(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.arable_email)
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Cattle slurry" in page
    assert "1,250" in page
    assert "Offered manure (supply)" in page
