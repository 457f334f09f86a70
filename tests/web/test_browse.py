"""Browsing the market: filters by kind, category, distance, organic and period; my listings."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.listings.services.browse import great_circle_km
from market.models import Farm, FarmStatus, Lot, Role
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_user
from tests.web.conftest import Market


@pytest.fixture
def market(app: Flask, marketplace: Market) -> Market:
    """Add a farm in Groningen (about 190 km from the others) with a late goat lot."""
    with state(app).session_factory() as session:
        far = add_farm(session, "Noorderhoeve", "Groningen", FarmStatus.ORGANIC)
        far.lat, far.lon = 53.3, 6.6
        lot = add_lot(session, far, "goat_manure", FarmStatus.ORGANIC, tonnes=40.0)
        lot.available_from = date(2027, 6, 1)
        add_user(session, "noord@example.nl", Role.LIVESTOCK_FARMER, far)
        session.commit()
    return marketplace


def browse(client: FlaskClient, query: str = "") -> str:
    """The result tables of the browse page (below the filter form, whose options name kinds)."""
    response = client.get(f"/listings?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True).split('class="filters card"')[1].split("</form>")[1]


def test_all_open_listings_nearest_first(client: FlaskClient, market: Market) -> None:
    log_in(client, market.arable_email)
    page = browse(client)
    assert page.index("Rundveedrijfmest") < page.index("Geitenmest")
    assert "Varkensdrijfmest" not in page
    km = great_circle_km((52.1, 5.3), (53.3, 6.6))
    assert f"{km:.0f} km" in page


def test_filter_by_kind_and_category(client: FlaskClient, market: Market) -> None:
    log_in(client, market.arable_email)
    assert "Pluimveemest" not in browse(client, "kind=cattle_slurry&side=lots")
    page = browse(client, "category=C&side=lots")
    assert "Pluimveemest" in page
    assert "Rundveedrijfmest" not in page


def test_filter_by_distance_organic_and_period(client: FlaskClient, market: Market) -> None:
    log_in(client, market.arable_email)
    assert "Geitenmest" not in browse(client, "max_km=100")
    assert "Pluimveemest" not in browse(client, "organic=y")
    page = browse(client, "start=2027-07-01&end=2027-08-01&side=lots")
    assert "Geitenmest" in page
    assert "Rundveedrijfmest" in page
    assert "Geitenmest" not in browse(client, "end=2027-01-01&side=lots")


def test_requests_accepting_the_kind_are_kept(client: FlaskClient, market: Market) -> None:
    log_in(client, market.livestock_email)
    page = browse(client, "side=requests&kind=champost")
    assert "4.000" in page
    assert "900" in page
    assert "4.000" not in browse(client, "side=requests&kind=pig_slurry")


def test_a_bad_filter_is_named_and_ignored(client: FlaskClient, market: Market) -> None:
    log_in(client, market.arable_email)
    response = client.get("/listings?max_km=ver&category=Z")
    page = response.get_data(as_text=True).split("</form>")[2]
    assert response.status_code == 400
    assert 'id="max_km-error">Vul een getal in.' in response.get_data(as_text=True)
    assert "Rundveedrijfmest" in page


def test_only_own_listings_link_to_their_details(
    app: Flask, client: FlaskClient, market: Market
) -> None:
    log_in(client, market.arable_email)
    page = browse(client)
    with state(app).session_factory() as session:
        query = select(Lot.id).join(Lot.farm).where(Farm.name == "De Hoeve")
        lot_ids = list(session.scalars(query))
    assert all(f'href="/lots/{lot_id}"' not in page for lot_id in lot_ids)
    coordinator = app.test_client()
    log_in(coordinator, market.coordinator_email)
    assert f'href="/lots/{lot_ids[0]}"' in browse(coordinator)


def test_my_listings_show_every_status(client: FlaskClient, market: Market) -> None:
    log_in(client, market.livestock_email)
    page = client.get("/listings/mine").get_data(as_text=True)
    assert "ingetrokken" in page
    assert "Varkensdrijfmest" in page
    assert "Uw bedrijf kan aanbod en vraag plaatsen zodra" in page


def test_coordinators_have_no_listings_of_their_own(client: FlaskClient, market: Market) -> None:
    log_in(client, market.coordinator_email)
    assert client.get("/listings/mine").status_code == 403
    page = client.get("/listings").get_data(as_text=True)
    assert "Binnen (km van mijn bedrijf)" not in page
    assert "Soort" in page


def test_visitors_are_sent_to_log_in(client: FlaskClient) -> None:
    assert client.get("/listings").headers["Location"].startswith("/login")
