"""Deliveries of accepted proposals, the declaration of origin and the yearly overview."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlalchemy import func, select

from market.deliveries.exports import overview_lines
from market.deliveries.services.papers import declaration, year_overview
from market.models import Delivery, Farm, FarmStatus, Role
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm, add_user
from tests.web.conftest import Market
from tests.web.market_helpers import farm_id
from tests.web.review_helpers import add_solved_run, agreed_proposal

DELIVERY = {
    "delivered_on": "2026-03-12",
    "weighed_tonnes": "118,4",
    "n_kg_per_t": "4,6",
    "p2o5_kg_per_t": "1,5",
    "k2o_kg_per_t": "",
    "sample_analysis_ref": "LAB-77",
    "transport_document_no": "VDM-2026-000123",
    "intermediary_name": "",
}


def record(client: FlaskClient, proposal_id: int) -> int:
    page = f"/deliveries/new/{proposal_id}"
    response = post_form(client, page, DELIVERY)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def stranger(app: Flask) -> FlaskClient:
    """A farmer of a third farm, not a party to anything."""
    with state(app).session_factory() as session:
        farm = add_farm(session, "Derde Hof", "Utrecht", FarmStatus.ORGANIC)
        add_user(session, "derde@example.nl", Role.ARABLE_FARMER, farm)
        session.commit()
    other = app.test_client()
    log_in(other, "derde@example.nl")
    return other


@pytest.fixture
def proposal(app: Flask, marketplace: Market) -> int:
    return agreed_proposal(app)


def test_the_receiver_records_a_delivery_with_its_papers(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    log_in(client, marketplace.arable_email)
    assert "Levering vastleggen" in client.get("/deliveries").get_data(as_text=True)
    delivery_id = record(client, proposal)
    with state(app).session_factory() as session:
        row = session.get_one(Delivery, delivery_id)
        assert (row.weighed_tonnes, row.n_kg_per_t, row.delivered_on) == (
            118.4,
            4.6,
            date(2026, 3, 12),
        )
        assert (row.category, row.a_fraction, row.proposal_id) == ("A", 1.0, proposal)
        assert row.declaration_of_origin_no == "VVH-2026-000001"  # the year's first
        assert row.transport_document_no == "VDM-2026-000123"
    page = client.get(f"/deliveries/{delivery_id}").get_data(as_text=True)
    assert "VDM-2026-000123" in page and "Verklaring van herkomst (pdf)" in page
    assert "Niets wacht op levering." in client.get("/deliveries").get_data(as_text=True)
    again = client.get(f"/deliveries/new/{proposal}").get_data(as_text=True)
    assert "Al geleverd op dit voorstel: 118,4 t van 120 t." in again
    assert 'name="weighed_tonnes" type="text" value="1,6"' in again  # what is still open


def test_bad_figures_are_refused_next_to_their_fields(
    client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    log_in(client, marketplace.livestock_email)
    data = {**DELIVERY, "weighed_tonnes": "0", "delivered_on": "morgen"}
    response = post_form(client, f"/deliveries/new/{proposal}", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Moet meer dan 0 zijn." in page and "Vul een datum in als JJJJ-MM-DD." in page


def test_a_mistyped_field_does_not_hide_the_rules_the_rest_breaks(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    """A negative K2O once hid a date in the future and 5,000 t on a 120 t proposal
    (a newcomer corrected the form three times); now all come in one answer."""
    log_in(client, marketplace.livestock_email)
    data = {
        **DELIVERY,
        "k2o_kg_per_t": "-2",
        "weighed_tonnes": "5000",
        "delivered_on": "2031-01-01",
    }
    mistyped_weight = {**data, "weighed_tonnes": "veertig"}  # the future date still told
    no_date = {**data, "delivered_on": ""}  # the 5,000 t still told
    for sent in (data, mistyped_weight, no_date):
        response = post_form(client, f"/deliveries/new/{proposal}", sent)
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        for field in ("k2o_kg_per_t", "weighed_tonnes", "delivered_on"):
            assert f'id="{field}-error"' in page, (field, sent)
    assert "De leveringen op dit voorstel zouden samen 5.000 t worden" in page
    with state(app).session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_dutch_numbers_are_read_as_written_and_limits_named_at_their_field(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    """ "1.200" is twelve hundred in Dutch; the form is prefilled the Dutch way too."""
    log_in(client, marketplace.arable_email)
    page = f"/deliveries/new/{proposal}"
    assert 'value="120"' in client.get(page).get_data(as_text=True)
    too_rich = post_form(client, page, {**DELIVERY, "p2o5_kg_per_t": "1.400"})
    assert too_rich.status_code == 400
    assert 'id="p2o5_kg_per_t-error">Moet tussen 0 en 1000 liggen.</p>' in too_rich.get_data(
        as_text=True
    )
    too_much = post_form(client, page, {**DELIVERY, "weighed_tonnes": "1.200"})  # 1200 t
    assert too_much.status_code == 400
    assert "samen 1.200 t worden, meer dan de toegestane 132 t" in too_much.get_data(as_text=True)
    response = post_form(client, page, {**DELIVERY, "weighed_tonnes": "120,5", "k2o_kg_per_t": ""})
    delivery_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with state(app).session_factory() as session:
        row = session.get_one(Delivery, delivery_id)
        assert (row.weighed_tonnes, row.p2o5_kg_per_t) == (120.5, 1.5)
        assert row.lot is not None and row.k2o_kg_per_t == row.lot.k2o_kg_per_t  # the lot's


def test_a_refused_overview_choice_names_the_field(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.arable_email)
    response = client.get("/deliveries/overview?year=1850&as=csv")
    assert response.headers["Location"] == "/deliveries"
    shown = client.get("/deliveries").get_data(as_text=True)
    assert "Jaar: Moet een geheel getal van 2000 tot en met 2100 zijn." in shown


def test_a_proposal_not_yet_accepted_cannot_be_delivered(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    _, proposal_id = add_solved_run(app)
    log_in(client, marketplace.arable_email)
    response = client.get(f"/deliveries/new/{proposal_id}")
    assert response.headers["Location"] == "/deliveries"


def test_the_declaration_is_a_pdf_for_the_parties_only(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    log_in(client, marketplace.livestock_email)
    delivery_id = record(client, proposal)
    pdf = client.get(f"/deliveries/{delivery_id}/declaration.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert "VVH-2026-000001.pdf" in pdf.headers["Content-Disposition"]
    other = stranger(app)
    for url in (
        f"/deliveries/{delivery_id}",
        f"/deliveries/{delivery_id}/declaration.pdf",
        f"/deliveries/new/{proposal}",
    ):
        assert other.get(url).status_code == 404, url
    assert "Vastgelegde leveringen (0)" in other.get("/deliveries").get_data(as_text=True)
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    assert coordinator.get(f"/deliveries/{delivery_id}").status_code == 200


def test_yearly_overview_as_csv_and_pdf(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    log_in(client, marketplace.arable_email)
    record(client, proposal)
    akker = farm_id(app, "Akkerbouw Zeeland")
    csv = client.get(f"/deliveries/overview/{akker}/2026.csv").get_data(as_text=True)
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Aan- of afvoer;Datum;Ander bedrijf;Soort;Categorie;Ton;kg N")
    assert lines[1].startswith("Aanvoer;2026-03-12;De Hoeve;Rundveedrijfmest;A;118,4;544,6;177,6")
    pdf = client.get(f"/deliveries/overview/{akker}/2026.pdf")
    assert pdf.data.startswith(b"%PDF")
    hoeve = farm_id(app, "De Hoeve")
    assert client.get(f"/deliveries/overview/{hoeve}/2026.csv").status_code == 404
    assert stranger(app).get(f"/deliveries/overview/{akker}/2026.pdf").status_code == 404


def test_the_overview_sums_in_and_out(app: Flask, marketplace: Market, proposal: int) -> None:
    client = app.test_client()
    log_in(client, marketplace.livestock_email)
    record(client, proposal)
    with state(app).session_factory() as session:
        hoeve = session.get_one(Farm, farm_id(app, "De Hoeve"))
        overview = year_overview(session, hoeve, 2026, state(app).settings.policy)
        assert (len(overview.incoming.deliveries), len(overview.outgoing.deliveries)) == (0, 1)
        assert overview.outgoing.n_kg == pytest.approx(118.4 * 4.6)
        assert overview.outgoing.p2o5_kg == pytest.approx(118.4 * 1.5)
        (line,) = overview_lines(overview)
        assert (line.incoming, line.other_farm.name) == (False, "Akkerbouw Zeeland")


def test_the_declaration_names_both_farms_the_batch_and_its_papers(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    """The PDF's text is compressed; its page is checked as HTML before WeasyPrint prints it."""
    log_in(client, marketplace.livestock_email)
    delivery_id = record(client, proposal)
    with app.test_request_context("/"), state(app).session_factory() as session:
        paper = declaration(session.get_one(Delivery, delivery_id), "nl")
        html = render_template("papers/declaration.html", declaration=paper)
    assert "Verklaring van herkomst" in html and "VVH-2026-000001" in html
    assert "De Hoeve" in html and "Akkerbouw Zeeland" in html
    assert "118,4 t" in html and "VDM-2026-000123" in html and "LAB-77" in html


def test_the_overview_form_leads_to_the_right_paper(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    akker, hoeve = farm_id(app, "Akkerbouw Zeeland"), farm_id(app, "De Hoeve")
    log_in(client, marketplace.arable_email)
    own = client.get(f"/deliveries/overview?farm={hoeve}&year=2025&as=csv")
    assert own.headers["Location"] == f"/deliveries/overview/{akker}/2025.csv"  # not De Hoeve's
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    assert "De Hoeve</option>" in coordinator.get("/deliveries").get_data(as_text=True)
    chosen = coordinator.get(f"/deliveries/overview?farm={hoeve}&year=2026")
    assert chosen.headers["Location"] == f"/deliveries/overview/{hoeve}/2026.pdf"
