"""The public figures page: no log-in, no farm names, a chart and a table."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import Delivery, Farm
from tests.conftest import state
from tests.factories import add_farm, farm_today
from tests.web.conftest import Market


def book_deliveries(app: Flask, count: int, farms: int = 3) -> None:
    """`count` deliveries of 400 kg N each, by turns between `farms` suppliers and `farms`
    receivers in Zeeland (De Hoeve and Akkerbouw Zeeland are the first pair)."""
    with state(app).session_factory() as session:
        suppliers = [session.scalars(select(Farm).where(Farm.name == "De Hoeve")).one()]
        receivers = [session.scalars(select(Farm).where(Farm.name == "Akkerbouw Zeeland")).one()]
        for number in range(2, farms + 1):
            suppliers.append(add_farm(session, f"Veehouderij {number}", "Gelderland"))
            receivers.append(add_farm(session, f"Akkerbouw {number}", "Zeeland"))
        for index in range(count):
            session.add(
                Delivery(
                    supplier_farm_id=suppliers[index % farms].id,
                    receiver_farm_id=receivers[index % farms].id,
                    kind="cattle_slurry",
                    category="A",
                    a_fraction=1.0,
                    organic_manure=True,
                    animal_fraction=1.0,
                    delivered_on=farm_today(),
                    weighed_tonnes=100.0,
                    n_kg_per_t=4.0,
                    p2o5_kg_per_t=1.5,
                )
            )
        session.commit()


def test_the_page_is_public_and_shows_no_farm(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    book_deliveries(app, 3)
    response = client.get("/figures")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1.200 kg" in page
    assert "<svg" in page and "<rect" in page
    assert "Zeeland" in page
    assert "De Hoeve" not in page and "Akkerbouw" not in page


@pytest.mark.parametrize("farms", [1, 2])
def test_figures_of_fewer_than_three_farms_are_not_shown(
    app: Flask, client: FlaskClient, marketplace: Market, farms: int
) -> None:
    book_deliveries(app, 6, farms)
    page = client.get("/figures?lang=en").get_data(as_text=True)
    assert "Fewer than 3 farms, not shown" in page
    assert "2.400" not in page and "2,400" not in page and " kg</strong>" not in page
    assert '<td data-label="Province">' not in page and "<svg" not in page


def test_figures_of_three_farms_on_each_side_are_shown(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    book_deliveries(app, 3, 3)
    page = client.get("/figures?lang=en").get_data(as_text=True)
    assert "1,200 kg</strong>" in page
    assert '<td data-label="Province">Zeeland</td>' in page
    assert "Fewer than 3 farms, not shown" not in page


def test_a_province_of_two_farms_hides_the_smallest_shown_one_too(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """Utrecht alone would be the year's total minus Zeeland: both go into "other"."""
    book_deliveries(app, 3, 3)
    with state(app).session_factory() as session:
        hoeve = session.scalars(select(Farm).where(Farm.name == "De Hoeve")).one()
        utrecht = add_farm(session, "Akkerbouw Utrecht", "Utrecht")
        session.add(
            Delivery(
                supplier_farm_id=hoeve.id,
                receiver_farm_id=utrecht.id,
                kind="cattle_slurry",
                category="A",
                a_fraction=1.0,
                organic_manure=True,
                animal_fraction=1.0,
                delivered_on=farm_today(),
                weighed_tonnes=50.0,
                n_kg_per_t=4.0,
                p2o5_kg_per_t=1.5,
            )
        )
        session.commit()
    page = client.get("/figures?lang=en").get_data(as_text=True)
    assert "1,400 kg</strong>" in page
    assert '<td data-label="Province">other provinces</td>' in page
    assert '<td data-label="Province">Zeeland</td>' not in page
    assert '<td data-label="Province">Utrecht</td>' not in page


def test_an_empty_or_odd_year_still_renders(client: FlaskClient) -> None:
    assert client.get("/figures?year=1900").status_code == 200
    page = client.get("/figures?year=abc").get_data(as_text=True)
    assert "Nog geen leveringen geboekt in dit jaar." in page


def test_the_year_is_read_as_the_visitor_writes_numbers(client: FlaskClient) -> None:
    page = client.get("/figures?year=2.021").get_data(as_text=True)
    assert "De markt in cijfers, 2021" in page
    assert '<option selected value="2021">' in page


def test_a_refused_year_is_shown_translated_next_to_its_field(client: FlaskClient) -> None:
    response = client.get("/figures?year=2021,5")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<label for="year">Jaar</label>' in page
    assert '<p class="field-error" id="year-error">Vul een geheel getal in.</p>' in page
    english = client.get("/figures?year=abc&lang=en").get_data(as_text=True)
    assert '<p class="field-error" id="year-error">Enter a number.</p>' in english
