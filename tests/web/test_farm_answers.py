"""Instead of approving a farm, a coordinator asks for information or rejects it, with a
message mailed to the farmer; the farms list flags sign-ups that look implausible."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import AuditEntry, Farm
from tests.conftest import load, log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import farm_id, mails

MESSAGE = "Uw Skal-certificaat ontbreekt. Stuur ons een kopie."


def answer(client: FlaskClient, farm: int, what: str, message: str) -> str:
    response = post_form(client, f"/farms/{farm}", {"message": message}, f"/farms/{farm}/{what}")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_asking_for_information_mails_the_farmer_and_the_farm_keeps_waiting(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    hoeve = farm_id(app, marketplace.livestock_farm)
    log_in(client, marketplace.coordinator_email)
    page = answer(client, hoeve, "ask", MESSAGE)
    assert "Om informatie gevraagd aan De Hoeve." in page
    assert "om informatie gevraagd" in page  # the farm's row says where it stands
    assert not load(app, Farm, hoeve).approved
    (mail,) = mails(app)
    assert mail["To"] == marketplace.livestock_email
    assert mail["Subject"] == "mestmatch heeft meer informatie over uw bedrijf nodig"
    body = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert MESSAGE in body and "/farm" in body
    farm_page = client.get(f"/farms/{hoeve}").get_data(as_text=True)
    assert "Om informatie gevraagd op" in farm_page and MESSAGE in farm_page
    with state(app).session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "farm.ask_info")
        ).one()
        assert entry.target_id == hoeve and entry.detail == {"message": MESSAGE}


def test_rejecting_a_farm_tells_the_farmer_why(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    akker = farm_id(app, marketplace.arable_farm)
    log_in(client, marketplace.coordinator_email)
    page = answer(client, akker, "reject", "Dit bedrijf bestaat niet in het KvK-register.")
    assert "Akkerbouw Zeeland is afgewezen." in page and "afgewezen" in page
    assert not load(app, Farm, akker).approved
    (mail,) = mails(app)  # the disabled account gets nothing
    assert mail["To"] == marketplace.arable_email
    assert mail["Subject"] == "Uw bedrijf is niet goedgekeurd"
    body = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "Dit bedrijf bestaat niet in het KvK-register." in body


def test_an_answer_needs_a_message(app: Flask, client: FlaskClient, marketplace: Market) -> None:
    hoeve = farm_id(app, marketplace.livestock_farm)
    log_in(client, marketplace.coordinator_email)
    response = post_form(client, f"/farms/{hoeve}", {"message": "  "}, f"/farms/{hoeve}/reject")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert mails(app) == []


def test_farmers_may_not_answer_for_a_coordinator(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    hoeve = farm_id(app, marketplace.livestock_farm)
    log_in(client, marketplace.livestock_email)
    response = post_form(client, "/farm", {"message": "ja"}, f"/farms/{hoeve}/reject")
    assert response.status_code in (302, 403)
    assert mails(app) == []


def test_implausible_sign_ups_are_flagged(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    with state(app).session_factory() as session:
        hoeve = session.get_one(Farm, farm_id(app, marketplace.livestock_farm))
        akker = session.get_one(Farm, farm_id(app, marketplace.arable_farm))
        hoeve.lat, hoeve.area_ha, hoeve.kvk_number = 55.2, 9000.0, "12345678"
        akker.kvk_number = "12345678"
        session.commit()
    log_in(client, marketplace.coordinator_email)
    farms = client.get("/farms").get_data(as_text=True)
    assert "Ligging buiten het werkgebied" in farms
    assert "Ongebruikelijk aantal hectares" in farms
    assert farms.count("KvK-nummer al gebruikt door een ander bedrijf") == 2
    page = client.get(f"/farms/{hoeve.id}").get_data(as_text=True)
    assert "Ligging buiten het werkgebied" in page
    plain = client.get(f"/farms/{akker.id}").get_data(as_text=True)
    assert "Ligging buiten het werkgebied" not in plain
