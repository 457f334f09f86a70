"""A farm's name is one farm's: sign-up and the profile refuse another farm's name, and a
change of name withdraws the approval and is in the audit log."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import AuditEntry, Farm
from tests.conftest import load, log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, farm_id
from tests.web.test_farm_profile import FARM_FORM
from tests.web.test_signup import sign_up


def test_sign_up_refuses_another_farms_name_whatever_its_case_and_spaces(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    response = sign_up(client, farm_name="  akkerbouw   ZEELAND ")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Een ander bedrijf is met deze bedrijfsnaam geregistreerd." in page
    with state(app).session_factory() as session:
        assert session.scalars(select(Farm.name)).all().count("Akkerbouw Zeeland") == 1


def test_the_profile_refuses_another_farms_name(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    response = post_form(client, "/farm/edit", {**FARM_FORM, "name": "Akkerbouw  zeeland"})
    assert response.status_code == 400
    assert "Een ander bedrijf is met deze bedrijfsnaam geregistreerd." in response.get_data(
        as_text=True
    )
    assert load(app, Farm, farm_id(app, "De Hoeve")).name == "De Hoeve"


def _renamed(app: Flask, client: FlaskClient, marketplace: Market, name: str) -> str:
    """The approved farm De Hoeve renamed to `name` by its farmer: where the form went."""
    approve_all(app)
    log_in(client, marketplace.livestock_email)
    return str(post_form(client, "/farm/edit", {**FARM_FORM, "name": name}).headers["Location"])


def test_a_new_name_withdraws_the_approval_and_is_in_the_audit_log(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    assert _renamed(app, client, marketplace, "De Nieuwe Hoeve") == "/farm"
    page = client.get("/farm").get_data(as_text=True)
    assert "De bedrijfsnaam, het Skal-nummer of de certificering is gewijzigd" in page
    farm = load(app, Farm, farm_id(app, "De Nieuwe Hoeve"))
    assert not farm.approved
    with state(app).session_factory() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "farm.rename")).one()
        assert (entry.target_type, entry.target_id) == ("farm", farm.id)
        assert entry.detail == {"old_name": "De Hoeve", "new_name": "De Nieuwe Hoeve"}
        assert entry.actor_id is not None


def test_the_coordinator_sees_the_farm_waiting_with_its_old_and_new_name(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    assert _renamed(app, client, marketplace, "De <b>Nieuwe</b> Hoeve") == "/farm"
    client.post("/logout")
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    listing = coordinator.get("/farms").get_data(as_text=True)
    assert "Bedrijfsnaam gewijzigd" in listing
    page = coordinator.get(f"/farms/{farm_id(app, 'De <b>Nieuwe</b> Hoeve')}").get_data(
        as_text=True
    )
    assert "<q>De Hoeve</q> → <q>De &lt;b&gt;Nieuwe&lt;/b&gt; Hoeve</q>" in page
