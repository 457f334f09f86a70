"""Coordinators approve farms after the Skal check; nobody else may."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from market.models import Farm
from tests.conftest import load, log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import farm_id, mails


def set_skal(app: Flask, name: str, number: str | None) -> int:
    with state(app).session_factory() as session:
        farm = session.get(Farm, farm_id(app, name))
        assert farm is not None
        farm.skal_number = number
        session.commit()
        return farm.id


def test_coordinator_sees_waiting_farms_and_approves_one(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    hoeve = set_skal(app, marketplace.livestock_farm, "012345")
    log_in(client, marketplace.coordinator_email)
    page = client.get("/farms").get_data(as_text=True)
    assert "2 bedrijven wachten op goedkeuring" in page
    response = post_form(client, "/farms", {}, f"/farms/{hoeve}/approve")
    assert response.headers["Location"] == "/farms"
    assert load(app, Farm, hoeve).approved
    after = client.get("/farms").get_data(as_text=True)
    assert "De Hoeve is goedgekeurd." in after
    assert "1 bedrijf wacht op goedkeuring." in after  # the singular (ngettext), not "1 bedrijven"
    (mail,) = mails(app)
    assert mail["To"] == marketplace.livestock_email
    assert mail["Subject"] == "Uw bedrijf is goedgekeurd"


def test_a_malformed_skal_number_blocks_approval(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    hoeve = set_skal(app, marketplace.livestock_farm, "DEMO-1")
    log_in(client, marketplace.coordinator_email)
    response = post_form(client, f"/farms/{hoeve}", {}, f"/farms/{hoeve}/approve")
    assert response.headers["Location"] == f"/farms/{hoeve}"
    page = client.get(f"/farms/{hoeve}").get_data(as_text=True)
    assert "De Hoeve kan niet worden goedgekeurd: Een Skal-nummer heeft 5 tot 7 cijfers." in page
    assert not load(app, Farm, hoeve).approved
    assert mails(app) == []


def test_the_farm_page_shows_the_accounts(
    client: FlaskClient, marketplace: Market, app: Flask
) -> None:
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/farms/{farm_id(app, marketplace.arable_farm)}").get_data(as_text=True)
    assert "akkerbouwer@example.nl" in page
    assert client.get("/farms/9999").status_code == 404


def test_farmers_may_not_approve(app: Flask, client: FlaskClient, marketplace: Market) -> None:
    hoeve = set_skal(app, marketplace.livestock_farm, "012345")
    log_in(client, marketplace.livestock_email)
    assert client.get("/farms").status_code == 403
    assert client.get(f"/farms/{hoeve}").status_code == 403
    assert post_form(client, "/farm", {}, f"/farms/{hoeve}/approve").status_code == 403
    assert not load(app, Farm, hoeve).approved


def test_visitors_are_sent_to_log_in(client: FlaskClient, marketplace: Market) -> None:
    assert client.get("/farms").headers["Location"].startswith("/login")


def test_approval_refuses_a_name_another_farm_has_meanwhile(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """Sign-up and the profile refuse a name another farm has, but a rename can land between
    two checks (or come from before the rule): approving re-checks it, nothing written."""
    hoeve = set_skal(app, marketplace.livestock_farm, "012345")
    with state(app).session_factory() as session:
        other = session.get_one(Farm, farm_id(app, marketplace.arable_farm))
        other.name = "  de HOEVE "  # the same name by `farm_name_key`
        session.commit()
    log_in(client, marketplace.coordinator_email)
    response = post_form(client, f"/farms/{hoeve}", {}, f"/farms/{hoeve}/approve")
    assert response.headers["Location"] == f"/farms/{hoeve}"
    page = client.get(f"/farms/{hoeve}").get_data(as_text=True)
    assert (
        "De Hoeve kan niet worden goedgekeurd: Een ander bedrijf is met deze bedrijfsnaam"
        " geregistreerd." in page
    )
    assert not load(app, Farm, hoeve).approved
    assert mails(app) == []
