"""A new user's findings: an agreed price says who pays, the approval mail names the deal,
Dutch says "aanbod" and "vraag" rather than "aanbieding", the delivery form names the
tolerance, "WUR/CBGV" stays whole on the papers, text fields stop at the schema's limit, and
a refused deal offer stays on the thread's own address."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from config import Settings
from market.core.form_fields import text_limits
from market.deliveries.schemas import Weighing
from market.interest.schemas import MessageInput
from market.listings.schemas import SuspensionInput
from market.models import ReviewStatus
from market.proposals.schemas import DecisionInput
from tests.conftest import log_in, post_form, settings_for, state
from tests.factories import add_lot
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids, mails, request_ids
from tests.web.pdf_helpers import pdf_text
from tests.web.review_helpers import add_solved_run, agreed_proposal
from tests.web.test_papers import SUPPLIER_EMAIL, delivered, farm_pair, weighing

NL_CATALOG = Path(__file__).parents[2] / "market/translations/nl/LC_MESSAGES/messages.po"
EURO = "€\xa0"  # Dutch writes the sign before the amount, joined by a no-break space


def test_an_agreed_price_says_that_the_receiver_pays_it(
    client: FlaskClient, marketplace: Market, app: Flask
) -> None:
    run_id, _ = add_solved_run(app, price_eur_per_t=2.0, review_status=ReviewStatus.APPROVED)
    log_in(client, marketplace.coordinator_email)
    review = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert f"(Afgesproken: de ontvanger betaalt {EURO}2,00 per ton)" in review
    farmer = app.test_client()
    log_in(farmer, marketplace.arable_email)
    answers = farmer.get("/proposals").get_data(as_text=True)
    assert f"Afgesproken: de ontvanger betaalt {EURO}2,00 per ton" in answers


def test_a_price_of_nothing_reads_free_of_charge(
    client: FlaskClient, marketplace: Market, app: Flask
) -> None:
    """Not "de ontvanger betaalt € 0,00 per ton": nobody pays."""
    run_id, _ = add_solved_run(app, price_eur_per_t=0.0, review_status=ReviewStatus.APPROVED)
    log_in(client, marketplace.coordinator_email)
    review = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "(Afgesproken: gratis)" in review


def test_the_approval_mail_names_the_other_farm_the_manure_and_the_agreed_price(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, proposal_id = add_solved_run(app, price_eur_per_t=4.5)
    log_in(client, marketplace.coordinator_email)
    approved = post_form(
        client, f"/review/runs/{run_id}", {}, f"/review/proposals/{proposal_id}/approve"
    )
    assert approved.status_code == 302
    bodies = {
        mail["To"]: mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for mail in mails(app)
    }
    price = f"Afgesproken: de ontvanger betaalt {EURO}4,50 per ton"
    supplier, receiver = bodies[marketplace.livestock_email], bodies[marketplace.arable_email]
    assert f"- 120 t Rundveedrijfmest naar Akkerbouw Zeeland. {price}" in supplier
    assert f"- 120 t Rundveedrijfmest van De Hoeve. {price}" in receiver
    for body in (supplier, receiver):
        assert body.startswith("Een coördinator heeft een voorgestelde levering voor uw bedrijf")
        assert "Accepteer of weiger die op http" in body and "/proposals" in body


def test_dutch_calls_a_listing_aanbod_or_vraag_never_aanbieding(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    with NL_CATALOG.open("rb") as file:
        catalog = read_po(file)
    said = [m.string for m in catalog if m.id and "aanbieding" in str(m.string).lower()]
    assert said == []
    approve_all(app)
    log_in(client, marketplace.arable_email)
    lot = lot_ids(app, "De Hoeve")[0]
    shown = post_form(
        client, f"/market/lots/{lot}", {"body": "Hoi"}, f"/market/lots/{lot}/interest"
    )
    thread = client.get(shown.headers["Location"]).get_data(as_text=True)
    assert "Tussen De Hoeve (het bedrijf van het aanbod) en Akkerbouw Zeeland." in thread
    assert "Het aanbod op de markt" in thread


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path) -> Settings:
    """This module's settings: a delivery tolerance of 25 % (the default is 10 %), so the
    delivery form shows the configured figure, not a written-in one."""
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "mestmatch.sqlite3").write_bytes(migrated_sqlite.read_bytes())
    return settings_for(instance, MESTMATCH_DELIVERY_TOLERANCE="0.25")


def test_a_fully_delivered_proposal_says_how_much_more_the_tolerance_allows(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    proposal = agreed_proposal(app)
    log_in(client, marketplace.arable_email)
    full = {"delivered_on": "2026-03-12", "weighed_tonnes": "120", "n_kg_per_t": "4,4"}
    assert post_form(client, f"/deliveries/new/{proposal}", full).status_code == 302
    form = client.get(f"/deliveries/new/{proposal}").get_data(as_text=True)
    assert "Al geleverd op dit voorstel: 120 t van 120 t." in form
    assert "Er mag tot 25% meer geleverd worden, samen 150 t." in form  # the configured 25 %


def test_the_english_declaration_keeps_wur_cbgv_on_one_line(
    app: Flask, client: FlaskClient
) -> None:
    """Sampled N, P2O5 from the lot's analysis and K2O from the typical values: the source
    runs to the line's end just at "WUR/", where a line may break after a slash."""
    with state(app).session_factory() as session:
        supplier, receiver = farm_pair(session)
        analysed = {"standard_fields": ["k2o_kg_per_t"], "analysed_on": date(2026, 10, 1)}
        lot = add_lot(session, supplier, "pig_slurry", **analysed)
        delivery = delivered(session, lot, receiver, weighing(p2o5_kg_per_t=None))
        session.commit()
    log_in(client, SUPPLIER_EMAIL)
    text = pdf_text(client.get(f"/deliveries/{delivery}/declaration.pdf?lang=en").data)
    assert "lab analysis for P2O5 (Oct 1, 2026); typical values" in text
    assert "(WUR/CBGV) for K2O" in text


def limited(page: str, name: str, limit: int) -> bool:
    """Whether the page's field `name` carries `maxlength` `limit` (WTForms writes the
    attributes in alphabetical order)."""
    return re.search(rf'maxlength="{limit}" name="{name}"', page) is not None


def test_text_fields_stop_at_the_schemas_own_limit(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    proposal = agreed_proposal(app)
    log_in(client, marketplace.coordinator_email)
    form = client.get(f"/deliveries/new/{proposal}").get_data(as_text=True)
    assert text_limits(Weighing)["transport_document_no"] == 100
    for name, limit in text_limits(Weighing).items():
        if name != "declaration_of_origin_no":  # numbered by the market, not typed
            assert limited(form, name, limit), name
    lot = lot_ids(app, "De Hoeve")[0]
    listing = client.get(f"/lots/{lot}").get_data(as_text=True)
    assert limited(listing, "reason", text_limits(SuspensionInput)["reason"])
    _, other = add_solved_run(app, 10.0)
    reject = client.get(f"/review/proposals/{other}/reject").get_data(as_text=True)
    assert limited(reject, "reason", text_limits(DecisionInput)["reason"])
    approve_all(app)
    farmer = app.test_client()
    log_in(farmer, marketplace.arable_email)
    market_lot = farmer.get(f"/market/lots/{lot}").get_data(as_text=True)
    assert limited(market_lot, "body", text_limits(MessageInput)["body"])


def test_a_refused_deal_offer_shows_the_thread_at_its_own_address(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    log_in(client, marketplace.arable_email)
    lot = lot_ids(app, "De Hoeve")[0]
    shown = post_form(client, f"/market/lots/{lot}", {}, f"/market/lots/{lot}/interest")
    thread = shown.headers["Location"]
    offer = {"listing_id": str(request_ids(app, "Akkerbouw Zeeland")[0]), "tonnes": "veel"}
    refused = post_form(client, thread, offer, thread)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Hoeveelheid (ton): " in page  # the refusal, in the summary, by its field
    assert f'action="{thread}"' in page  # the offer form posts to the thread's own address
    assert client.get(thread).status_code == 200
