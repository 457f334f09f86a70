"""Manure codes in the browser: the lot form offers the codes by kind and a digestate's mix,
the lot and delivery pages name the code, and the deliveries pages offer the transport data
for a VDM filing (a farm its own deliveries, a coordinator all)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Delivery, Lot
from tests.conftest import load, log_in, post_form, state
from tests.factories import farm_today
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids
from tests.web.review_helpers import agreed_proposal
from tests.web.test_deliveries import record, stranger
from tests.web.test_lots import LOT

MIX_ROWS = {
    "mix_code_1": "14",
    "mix_percent_1": "60,5",
    "mix_code_2": "50",
    "mix_percent_2": "39,5",
}


@pytest.fixture
def farmer(app: Flask, client: FlaskClient, marketplace: Market) -> FlaskClient:
    approve_all(app)
    log_in(client, marketplace.livestock_email)
    return client


def post_lot(client: FlaskClient, **changes: Any) -> Any:
    return post_form(client, "/lots/new", {**LOT, **changes})


def test_the_form_offers_the_codes_grouped_by_kind(farmer: FlaskClient) -> None:
    page = farmer.get("/lots/new").get_data(as_text=True)
    group = page.split('<optgroup label="Varkensdrijfmest">')[1].split("</optgroup>")[0]
    assert group == (
        '<option data-kind="pig_slurry" value="46">46 · Fokzeugen (met biggen): drijfmest</option>'
        '<option data-kind="pig_slurry" value="50">50 · Vleesvarkens: drijfmest</option>'
    )
    assert "js/manure_codes.js" in page


def test_a_lot_with_its_code_shows_code_and_name(app: Flask, farmer: FlaskClient) -> None:
    response = post_lot(farmer, kind="pig_slurry", manure_code="46")
    assert response.status_code == 302, response.get_data(as_text=True)
    lot = load(app, Lot, lot_ids(app, "De Hoeve")[-1])
    assert lot.manure_code == "46"
    page = farmer.get(f"/lots/{lot.id}").get_data(as_text=True)
    assert "46 · Fokzeugen (met biggen): drijfmest" in page
    english = farmer.get(f"/lots/{lot.id}?lang=en").get_data(as_text=True)
    assert "46 · Breeding sows (with piglets): slurry" in english


def test_a_code_of_another_kind_is_refused_on_its_field(app: Flask, farmer: FlaskClient) -> None:
    before = lot_ids(app, "De Hoeve")
    response = post_lot(farmer, kind="cattle_slurry", manure_code="50")
    assert response.status_code == 400
    assert "Mestcode 50 hoort niet bij deze soort." in response.get_data(as_text=True)
    assert lot_ids(app, "De Hoeve") == before


def test_a_digestate_states_its_mix_in_dutch_numbers(app: Flask, farmer: FlaskClient) -> None:
    response = post_lot(farmer, kind="digestate", coproduct_code="37", **MIX_ROWS)
    assert response.status_code == 302, response.get_data(as_text=True)
    lot = load(app, Lot, lot_ids(app, "De Hoeve")[-1])
    assert lot.manure_mix == {
        "parts": [{"code": "14", "percent": 60.5}, {"code": "50", "percent": 39.5}],
        "coproduct_code": "37",
    }
    edit = farmer.get(f"/lots/{lot.id}/edit").get_data(as_text=True)
    assert 'value="60,5"' in edit and 'value="37"' in edit
    shown = farmer.get(f"/lots/{lot.id}").get_data(as_text=True)
    assert "14 · Rundvee: drijfmest: 60,5%" in shown


def test_a_mix_that_does_not_add_up_is_refused(farmer: FlaskClient) -> None:
    rows = {**MIX_ROWS, "mix_percent_2": "30"}
    response = post_lot(farmer, kind="digestate", **rows)
    assert response.status_code == 400
    assert "90,5" in response.get_data(as_text=True)


def test_the_transport_data_of_a_farm_and_of_a_delivery(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    proposal = agreed_proposal(app)
    log_in(client, marketplace.arable_email)
    delivery_id = record(client, proposal)
    with state(app).session_factory() as session:
        session.get_one(Delivery, delivery_id).manure_code = "14"
        session.commit()
    index = client.get("/deliveries").get_data(as_text=True)
    this_year = farm_today().year  # the page offers this year's data
    assert f"/deliveries/transport/{this_year}.csv" in index
    assert f"/deliveries/transport/{this_year}.json" in index
    document = json.loads(client.get("/deliveries/transport/2026.json").get_data(as_text=True))
    [item] = document["items"]
    assert (item["delivery_id"], item["manure_code"], item["weighed_tonnes"]) == (
        delivery_id,
        "14",
        118.4,
    )
    csv = client.get("/deliveries/transport/2026.csv")
    assert csv.headers["Content-Disposition"].endswith('.csv"')
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and ";14;Rundvee: drijfmest;" in lines[1]
    assert ";118,4;" in lines[1]
    page = client.get(f"/deliveries/{delivery_id}").get_data(as_text=True)
    assert f"/deliveries/{delivery_id}/transport.csv" in page and "14 · Rundvee" in page
    one = client.get(f"/deliveries/{delivery_id}/transport.json").get_json()
    assert one == item
    other = stranger(app)
    assert other.get(f"/deliveries/{delivery_id}/transport.csv").status_code == 404
    nothing = other.get("/deliveries/transport/2026.json").get_json()
    assert nothing["items"] == []
