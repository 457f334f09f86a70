"""The farmer's own farm page: profile edits, animals, natural land, who may see it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from market.models import Farm
from tests.conftest import load, log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, farm_id

FARM_FORM: dict[str, Any] = {
    "name": "De Hoeve",
    "skal_number": "",
    "status": "organic",
    "own_manure_status": "organic",
    "province": "Gelderland",
    "address": "",
    "lat": "52,1",
    "lon": "5,3",
    "area_ha": "40",
    "measured_own_manure_n_kg": "",
    "other_n_kg": "500",
    "other_a_n_kg": "300",
    "p2o5_room_kg": "",
    "a_share_min_exemption": "60",
    "a_share_exemption_valid_until": "2027-12-31",
}


def test_the_farm_page_shows_the_farm_and_the_calculator(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    page = client.get("/farm").get_data(as_text=True)
    assert "<h1>De Hoeve</h1>" in page
    assert "Rekenhulp N-ruimte en A-aandeel" in page
    assert "6.800 kg N" in page
    assert 'src="/static/js/calculator.js"' in page
    assert "kg N *)</option>" in page
    assert "<script>" not in page


def test_the_profile_form_saves_and_the_exemption_is_in_percent(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    response = post_form(client, "/farm/edit", FARM_FORM)
    assert response.headers["Location"] == "/farm"
    farm = load(app, Farm, farm_id(app, "De Hoeve"))
    assert (farm.other_n_kg, farm.other_a_n_kg, farm.a_share_min_exemption) == (500, 300, 0.6)
    page = client.get("/farm/edit").get_data(as_text=True)
    assert 'name="a_share_min_exemption" type="text" value="60"' in page


def test_profile_errors_are_next_to_the_fields(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.livestock_email)
    data = {**FARM_FORM, "other_a_n_kg": "900", "a_share_min_exemption": "150", "lat": "x"}
    page = post_form(client, "/farm/edit", data).get_data(as_text=True)
    assert 'id="other_a_n_kg-error">Het A-deel kan niet groter zijn' in page
    assert 'id="a_share_min_exemption-error">Moet tussen 0 en 100 liggen.' in page
    assert 'id="lat-error">Vul een getal in.' in page


def test_a_new_skal_number_needs_approval_again(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    log_in(client, marketplace.livestock_email)
    response = post_form(client, "/farm/edit", {**FARM_FORM, "skal_number": "054321"})
    assert response.status_code == 302
    farm = load(app, Farm, farm_id(app, "De Hoeve"))
    assert (farm.skal_number, farm.approved) == ("054321", False)


def test_livestock_is_added_changed_and_removed(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    post_form(client, "/farm", {"category": "dairy_cow", "head_count": "80"}, "/farm/livestock")
    page = client.get("/farm").get_data(as_text=True)
    assert "Melk- en kalfkoe" in page
    assert "7.688" in page
    post_form(client, "/farm", {"category": "dairy_cow", "head_count": "0"}, "/farm/livestock")
    assert "Geen dieren ingevuld." in client.get("/farm").get_data(as_text=True)


def test_livestock_errors_are_shown(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.livestock_email)
    data = {"category": "dairy_cow", "head_count": "2,5"}
    response = post_form(client, "/farm", data, "/farm/livestock")
    assert response.status_code == 400
    assert 'id="head_count-error">Vul een geheel getal in.' in response.get_data(as_text=True)
    unknown = post_form(
        client, "/farm", {"category": "unicorn", "head_count": "2"}, "/farm/livestock"
    )
    assert 'id="category-error">Onbekende waarde unicorn.' in unknown.get_data(as_text=True)


def test_dutch_numbers_are_read_as_dutch(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    data = {"category": "dairy_cow", "head_count": "1.200"}
    assert post_form(client, "/farm", data, "/farm/livestock").status_code == 302
    with state(app).session_factory() as session:
        farm = session.get(Farm, farm_id(app, "De Hoeve"))
        assert farm is not None
        assert [(row.category, row.head_count) for row in farm.livestock] == [("dairy_cow", 1200)]
    page = post_form(client, "/farm/edit", {**FARM_FORM, "area_ha": "1.6"}).get_data(as_text=True)
    assert 'id="area_ha-error">Schrijf het getal zoals in 1234,5.' in page


def test_profile_errors_are_english_for_english_visitors(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    client.get("/farm?lang=en")
    data = {**FARM_FORM, "lat": "52.1", "area_ha": "20000000", "name": " "}
    page = post_form(client, "/farm/edit", data).get_data(as_text=True)
    assert 'id="area_ha-error">Must be at most 3,400,000.' in page  # the land of the country
    assert 'id="name-error">This field is required.' in page


def test_natural_land_is_added_and_removed(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    data = {"name": "Kwelder", "ha": "5", "n_limit_kg_per_ha": "100"}
    assert post_form(client, "/farm", data, "/farm/parcels").status_code == 302
    page = client.get("/farm").get_data(as_text=True)
    assert "Kwelder" in page
    assert "7.300 kg N" in page
    (parcel,) = load_parcels(app)
    assert post_form(client, "/farm", {}, f"/farm/parcels/{parcel}/remove").status_code == 302
    assert load_parcels(app) == []


def test_another_farms_parcel_cannot_be_removed(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    post_form(client, "/farm", {"name": "", "ha": "2", "n_limit_kg_per_ha": "0"}, "/farm/parcels")
    (parcel,) = load_parcels(app)
    other = app.test_client()
    log_in(other, marketplace.arable_email)
    assert post_form(other, "/farm", {}, f"/farm/parcels/{parcel}/remove").status_code == 404
    assert load_parcels(app) == [parcel]


def test_parcel_errors_are_shown(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.livestock_email)
    data = {"name": "", "ha": "0", "n_limit_kg_per_ha": "-1"}
    page = post_form(client, "/farm", data, "/farm/parcels").get_data(as_text=True)
    assert 'id="ha-error">Moet meer dan 0 zijn.' in page
    assert 'id="n_limit_kg_per_ha-error">Moet minstens 0 zijn.' in page


def test_coordinators_have_no_farm_page(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.coordinator_email)
    assert client.get("/farm").status_code == 403
    assert client.get("/farm/edit").status_code == 403


def test_visitors_are_sent_to_log_in(client: FlaskClient) -> None:
    for path in ("/farm", "/farm/edit", "/farm/calculator"):
        assert client.get(path).headers["Location"].startswith("/login")


def test_profile_posts_need_a_csrf_token(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    assert client.post("/farm/edit", data=FARM_FORM).status_code == 400
    parcel = {"ha": "1", "n_limit_kg_per_ha": "1"}
    assert client.post("/farm/parcels", data=parcel).status_code == 400
    assert load_parcels(app) == []


def load_parcels(app: Flask) -> list[int]:
    with state(app).session_factory() as session:
        farm = session.get(Farm, farm_id(app, "De Hoeve"))
        return [parcel.id for parcel in farm.parcels] if farm else []
