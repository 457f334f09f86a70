"""The numbers and names the papers print, as the forms and the API take them: the
delivery form's carrier, vehicle, lab, sample and dry matter; a farm's RVO relation and KvK
numbers (`tests/web/test_papers.py` reads them back off the PDFs)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.accounts.services.api_tokens import issue_token
from market.models import Farm, FarmStatus, Role
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm, add_user
from tests.web.review_helpers import agreed_proposal


def test_the_delivery_form_records_carrier_vehicle_lab_sample_and_dry_matter(
    app: Flask, client: FlaskClient, marketplace: object
) -> None:
    proposal = agreed_proposal(app)
    log_in(client, "akkerbouwer@example.nl")
    page = f"/deliveries/new/{proposal}"
    form = {
        "delivered_on": "2026-03-12",
        "weighed_tonnes": "118,4",
        "carrier": "Scholten Transport",
        "vehicle": "bx-123-z",
        "lab": "Eurofins Agro",
        "sample_number": "M-2026-0042",
        "dry_matter_pct": "9,5",
    }
    refused = post_form(client, page, {**form, "vehicle": "BX/123", "dry_matter_pct": "120"})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Schrijf het kenteken met alleen letters, cijfers en streepjes." in text
    assert 'id="dry_matter_pct-error">Moet tussen 0 en 100 liggen.</p>' in text
    response = post_form(client, page, form)
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    for value in ("Scholten Transport", "BX-123-Z", "Eurofins Agro", "M-2026-0042", "9,5 %"):
        assert value in shown, value


@pytest.mark.parametrize(
    ("field", "written", "stored"),
    [
        ("rvo_relation_number", "123.456.789", "123456789"),
        ("kvk_number", "8765 4321", "87654321"),
    ],
)
def test_the_farm_form_keeps_rvo_and_kvk_numbers_and_refuses_wrong_lengths(
    app: Flask, client: FlaskClient, field: str, written: str, stored: str
) -> None:
    with state(app).session_factory() as session:
        farm = add_farm(session, "De Es", "Drenthe", FarmStatus.ORGANIC)
        add_user(session, "es@example.nl", Role.ARABLE_FARMER, farm)
        session.commit()
        farm_id = farm.id
    log_in(client, "es@example.nl")
    base = {
        "name": "De Es",
        "skal_number": "",
        "status": "organic",
        "own_manure_status": "organic",
        "province": "Drenthe",
        "address": "Esweg 1, Anlo",
        "lat": "52,9",
        "lon": "6,7",
        "area_ha": "40",
        "other_n_kg": "0",
        "other_a_n_kg": "0",
    }
    short = post_form(client, "/farm/edit", {**base, field: written[:-1]})
    assert short.status_code == 400
    count = len(stored)
    assert f"Moet {count} cijfers zijn." in short.get_data(as_text=True)
    saved = post_form(client, "/farm/edit", {**base, field: written})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with state(app).session_factory() as session:
        assert getattr(session.get_one(Farm, farm_id), field) == stored
    assert stored in client.get("/farm").get_data(as_text=True)


def test_the_farm_api_takes_and_answers_the_rvo_and_kvk_numbers(
    app: Flask, client: FlaskClient
) -> None:
    with state(app).session_factory() as session:
        farm = add_farm(session, "De Es", "Drenthe", FarmStatus.ORGANIC)
        user = add_user(session, "es@example.nl", Role.ARABLE_FARMER, farm)
        secret = issue_token(session, user, "tests", "write")[1]
        session.commit()
    headers = {"Authorization": f"Bearer {secret}", "If-Match": "*"}
    refused = client.patch("/api/v1/farm", json={"kvk_number": "1234567"}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["code"] == "registration_digits"
    body = {"rvo_relation_number": "123 456 789", "kvk_number": "87654321"}
    saved = client.patch("/api/v1/farm", json=body, headers=headers)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    answer = saved.get_json()
    assert (answer["rvo_relation_number"], answer["kvk_number"]) == ("123456789", "87654321")
