"""Requests (vraag) in the browser: post, show, edit, withdraw, who may do what."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Farm, FarmStatus, ListingStatus, Request
from tests.conftest import load, log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, farm_id, request_ids

FORM: dict[str, Any] = {
    "n_kg": "2500",
    "kinds": ["cattle_slurry", "champost"],
    "accept_nonorganic": "y",
    "max_distance_km": "60",
    "wanted_from": "2027-02-16",
    "wanted_until": "2027-05-31",
    "land_use": "arable_sand_loess",
}
FARM = "Akkerbouw Zeeland"
CHECKED_CHAMPOST = re.compile(
    r'<input checked id="kinds-\d+" name="kinds" type="checkbox" value="champost">'
)


@pytest.fixture
def farmer(app: Flask, client: FlaskClient, marketplace: Market) -> FlaskClient:
    approve_all(app)
    log_in(client, marketplace.arable_email)
    return client


def test_a_request_is_posted_with_every_field(app: Flask, farmer: FlaskClient) -> None:
    response = post_form(farmer, "/requests/new", FORM)
    request_id = request_ids(app, FARM)[-1]
    assert response.headers["Location"] == f"/requests/{request_id}"
    request = load(app, Request, request_id)
    assert (request.n_kg, request.kinds, request.accept_nonorganic) == (
        2500.0,
        ["cattle_slurry", "champost"],
        True,
    )
    page = farmer.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Rundveedrijfmest" in page
    assert "geaccepteerd" in page


def test_no_kind_ticked_means_any_kind(app: Flask, farmer: FlaskClient) -> None:
    post_form(farmer, "/requests/new", {**FORM, "kinds": []})
    assert load(app, Request, request_ids(app, FARM)[-1]).kinds is None


def test_errors_are_next_to_the_fields(farmer: FlaskClient) -> None:
    data = {**FORM, "n_kg": "", "wanted_until": "2027-01-01", "kinds": ["lava"]}
    page = post_form(farmer, "/requests/new", data).get_data(as_text=True)
    assert 'id="n_kg-error">Vul een getal in.' in page
    assert 'id="wanted_until-error">Mag niet voor de begindatum liggen.' in page
    assert "Onbekende soorten: lava." in page


def test_a_conventional_farm_is_told_why_it_cannot_ask(app: Flask, farmer: FlaskClient) -> None:
    with state(app).session_factory() as session:
        farm = session.get(Farm, farm_id(app, FARM))
        assert farm is not None
        farm.status = FarmStatus.CONVENTIONAL
        session.commit()
    page = post_form(farmer, "/requests/new", FORM).get_data(as_text=True)
    assert "Een gangbaar bedrijf kan geen biologische mest vragen." in page


def test_editing_and_withdrawing_bump_the_version(app: Flask, farmer: FlaskClient) -> None:
    request_id = request_ids(app, FARM)[0]
    edit = f"/requests/{request_id}/edit"
    assert CHECKED_CHAMPOST.search(farmer.get(edit).get_data(as_text=True))
    assert post_form(farmer, edit, {**FORM, "n_kg": "3000"}).status_code == 302
    assert (load(app, Request, request_id).n_kg, load(app, Request, request_id).version) == (
        3000.0,
        2,
    )
    post_form(farmer, f"/requests/{request_id}", {}, f"/requests/{request_id}/withdraw")
    request = load(app, Request, request_id)
    assert (request.status, request.version) == (ListingStatus.WITHDRAWN, 3)
    again = post_form(farmer, f"/requests/{request_id}", {}, f"/requests/{request_id}/withdraw")
    assert again.headers["Location"] == f"/requests/{request_id}"
    assert load(app, Request, request_id).version == 3


def test_another_farmer_sees_nothing_and_changes_nothing(
    app: Flask, farmer: FlaskClient, marketplace: Market
) -> None:
    request_id = request_ids(app, FARM)[0]
    other = app.test_client()
    log_in(other, marketplace.livestock_email)
    assert other.get(f"/requests/{request_id}").status_code == 404
    assert other.get(f"/requests/{request_id}/edit").status_code == 404
    action = f"/requests/{request_id}/withdraw"
    assert post_form(other, "/listings/mine", {}, action).status_code == 404
    assert load(app, Request, request_id).status is ListingStatus.OPEN


def test_coordinators_see_every_request_but_do_not_edit(app: Flask, marketplace: Market) -> None:
    request_id = request_ids(app, FARM)[0]
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    assert coordinator.get(f"/requests/{request_id}").status_code == 200
    assert coordinator.get(f"/requests/{request_id}/edit").status_code == 403


def test_an_unapproved_farm_cannot_post(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.arable_email)
    assert client.get("/requests/new").headers["Location"] == "/farm"


def test_posting_needs_a_csrf_token(app: Flask, farmer: FlaskClient) -> None:
    before = request_ids(app, FARM)
    assert farmer.post("/requests/new", data=FORM).status_code == 400
    assert request_ids(app, FARM) == before
