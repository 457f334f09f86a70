"""Lots in the browser: post, show with the deciding rule, edit, withdraw, who may do what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import AnalysisSource, ListingStatus, Lot
from tests.conftest import load, log_in, post_form
from tests.factories import farm_today
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids

LOT: dict[str, Any] = {
    "kind": "cattle_slurry",
    "tonnes": "300",
    "n_kg_per_t": "4,6",
    "p2o5_kg_per_t": "1,6",
    "k2o_kg_per_t": "6",
    "analysed_on": "2026-10-01",
    "origin_status": "",
    "available_from": "2026-12-01",
    "available_until": "2027-03-31",
    "max_distance_km": "80",
    "lat": "",
    "lon": "",
    "intermediary_name": "Mestbemiddeling Oost",
    "intermediary_skal_approved": "y",
    "intermediary_valid_until": "2027-06-30",
}


@pytest.fixture
def farmer(app: Flask, client: FlaskClient, marketplace: Market) -> FlaskClient:
    approve_all(app)
    log_in(client, marketplace.livestock_email)
    return client


def post_lot(client: FlaskClient, **changes: Any) -> Any:
    return post_form(client, "/lots/new", {**LOT, **changes})


def test_a_lot_is_posted_with_every_field(app: Flask, farmer: FlaskClient) -> None:
    response = post_lot(farmer)
    lot_id = lot_ids(app, "De Hoeve")[-1]
    assert response.headers["Location"] == f"/lots/{lot_id}"
    lot = load(app, Lot, lot_id)
    assert (lot.n_kg_per_t, lot.analysis_source, lot.origin_status.value) == (
        4.6,
        AnalysisSource.MEASURED,
        "organic",
    )
    assert (lot.intermediary_name, lot.intermediary_skal_approved, lot.max_distance_km) == (
        "Mestbemiddeling Oost",
        True,
        80.0,
    )


def test_a_supplier_may_ask_a_negative_price_and_the_pages_say_who_pays(
    app: Flask, farmer: FlaskClient
) -> None:
    """Slurry usually costs its owner: a negative price is the supplier paying the receiver
    (a newcomer found it refused with "Moet minstens 0 zijn")."""
    response = post_lot(farmer, price_eur_per_t="-7,5")
    assert response.status_code == 302, response.get_data(as_text=True)
    lot_id = lot_ids(app, "De Hoeve")[-1]
    assert load(app, Lot, lot_id).price_eur_per_t == -7.5
    for path in (f"/lots/{lot_id}", f"/market/lots/{lot_id}"):
        page = farmer.get(path).get_data(as_text=True)
        assert "de leverancier betaalt €\xa07,50 per ton" in page, path
    refused = post_lot(farmer, price_eur_per_t="-1000,5").get_data(as_text=True)
    assert 'id="price_eur_per_t-error">Moet tussen -1000 en 1000 liggen.' in refused
    # "de leverancier betaalt € 0,00" for a tenth of a cent says nothing true: whole cents
    fraction = post_lot(farmer, price_eur_per_t="-0,001").get_data(as_text=True)
    assert 'id="price_eur_per_t-error">Geef het bedrag in hele centen.' in fraction
    assert post_lot(farmer, price_eur_per_t="0,57").status_code == 302
    assert load(app, Lot, lot_ids(app, "De Hoeve")[-1]).price_eur_per_t == 0.57


def test_the_lot_page_shows_the_category_and_its_rule(app: Flask, farmer: FlaskClient) -> None:
    post_lot(farmer, origin_status="conventional", husbandry_ok="y")
    page = farmer.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert '<span class="badge badge-B">B</span>' in page
    assert "Niet-biologische mest van dieren met weidegang, uitloop of strooisel" in page
    assert "analyse" in page


def test_an_old_analysis_is_flagged(app: Flask, farmer: FlaskClient) -> None:
    old = (farm_today() - timedelta(days=43)).isoformat()
    post_lot(farmer, analysed_on=old)
    page = farmer.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert "ouder dan zes weken" in page
    post_lot(farmer, analysed_on=farm_today().isoformat())
    page = farmer.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert "ouder dan zes weken" not in page


def test_without_analysis_the_standard_contents_apply(app: Flask, farmer: FlaskClient) -> None:
    post_lot(farmer, n_kg_per_t="", p2o5_kg_per_t="", k2o_kg_per_t="", analysed_on="")
    lot = load(app, Lot, lot_ids(app, "De Hoeve")[-1])
    assert lot.analysis_source is AnalysisSource.STANDARD
    page = farmer.get(f"/lots/{lot.id}/edit").get_data(as_text=True)
    assert 'name="n_kg_per_t" type="text" value=""' in page


#: "WUR/CBGV" as one word: no line breaks after its slash.
WUR_CBGV = '<span class="nowrap">WUR/CBGV</span>'
TABLE = (
    "forfaitaire gehalten (RVO Tabel 11, mestcode 14) voor P2O5;"
    f" typische waarden ({WUR_CBGV}) voor K2O"
)


def test_each_figure_shows_its_source(app: Flask, farmer: FlaskClient) -> None:
    """Lab N with the table's P2O5 (RVO) and K2O (WUR/CBGV: Tabel 11 has none) on the
    farmer's page, the edit form and the market's page; an analysis without a date is
    marked; a kind without a manure code has no RVO figures."""
    post_lot(farmer, p2o5_kg_per_t="", k2o_kg_per_t="")
    lot_id = lot_ids(app, "De Hoeve")[-1]
    page = farmer.get(f"/lots/{lot_id}").get_data(as_text=True)
    old = 'analyse voor N (1 okt 2026, <span class="warning-text">ouder dan zes weken</span>)'
    assert f"<dd>{old}; {TABLE}</dd>" in page
    form = farmer.get(f"/lots/{lot_id}/edit").get_data(as_text=True)
    assert 'name="n_kg_per_t" type="text" value="4,6"' in form
    assert 'name="p2o5_kg_per_t" type="text" value=""' in form
    market = farmer.get(f"/market/lots/{lot_id}").get_data(as_text=True)
    assert f"<dd>{old}; {TABLE}</dd>" in market  # buyers see the analysis's age too
    post_lot(farmer, analysed_on="")
    undated = farmer.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert '<dd>analyse (<span class="warning-text">datum niet vastgelegd</span>)</dd>' in undated
    none = {"n_kg_per_t": "", "p2o5_kg_per_t": "", "k2o_kg_per_t": "", "analysed_on": ""}
    post_lot(farmer, **none)
    slurry = farmer.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert "<dd>forfaitaire gehalten (RVO Tabel 11, mestcode 14) voor N en P2O5; typische" in slurry
    post_lot(farmer, kind="veal_calf_manure", **none)  # two codes, none chosen: the default
    calves = farmer.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert "(RVO Tabel 11, mestcode 19) voor N en P2O5;" in calves
    post_lot(farmer, kind="green_compost", **none)
    compost = farmer.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    assert f"<dd>typische waarden ({WUR_CBGV})</dd>" in compost


def test_errors_are_next_to_the_fields_in_either_language(farmer: FlaskClient) -> None:
    page = post_lot(farmer, tonnes="0", available_until="2026-01-01", lat="52").get_data(
        as_text=True
    )
    assert 'id="tonnes-error">Moet meer dan 0 zijn.' in page
    assert 'id="available_until-error">Mag niet voor de begindatum liggen.' in page
    assert 'id="lon-error">Vul zowel breedte- als lengtegraad in' in page
    farmer.get("/lots/new?lang=en")
    english = post_lot(farmer, kind="").get_data(as_text=True)
    assert 'id="kind-error">Choose a value.' in english


def test_numbers_are_read_and_shown_in_the_visitors_language(
    app: Flask, farmer: FlaskClient
) -> None:
    post_lot(farmer, tonnes="1.200,5", lat="52,123456", lon="5,5")
    lot = load(app, Lot, lot_ids(app, "De Hoeve")[-1])
    assert (lot.tonnes, lot.p2o5_kg_per_t, lot.lat) == (1200.5, 1.6, 52.123456)
    page = farmer.get(f"/lots/{lot.id}/edit").get_data(as_text=True)
    assert 'name="tonnes" type="text" value="1200,5"' in page
    assert 'name="lat" type="text" value="52,123456"' in page
    farmer.get("/lots/new?lang=en")
    post_lot(farmer, tonnes="1,200.5", n_kg_per_t="4.6", p2o5_kg_per_t="1.6")
    assert load(app, Lot, lot_ids(app, "De Hoeve")[-1]).tonnes == 1200.5


def test_an_ambiguous_number_is_refused_and_named(app: Flask, farmer: FlaskClient) -> None:
    before = lot_ids(app, "De Hoeve")
    page = post_lot(farmer, p2o5_kg_per_t="1.6", max_distance_km="ver").get_data(as_text=True)
    assert 'id="p2o5_kg_per_t-error">Schrijf het getal zoals in 1234,5.' in page
    assert 'id="max_distance_km-error">Vul een getal in.' in page
    assert lot_ids(app, "De Hoeve") == before


def test_editing_terms_and_withdrawing_bump_the_version(app: Flask, farmer: FlaskClient) -> None:
    """The tonnes alone do not make proposals stale (the balance guards them); a change of
    terms and a withdrawal do. Withdrawing asks first and keeps the reason."""
    post_lot(farmer)
    lot_id = lot_ids(app, "De Hoeve")[-1]
    page = f"/lots/{lot_id}/edit"
    assert post_form(farmer, page, {**LOT, "tonnes": "250"}).status_code == 302
    assert (load(app, Lot, lot_id).tonnes, load(app, Lot, lot_id).version) == (250.0, 1)
    assert (
        post_form(farmer, page, {**LOT, "tonnes": "250", "max_distance_km": "30"}).status_code
        == 302
    )
    assert load(app, Lot, lot_id).version == 2
    question = f"/lots/{lot_id}/withdraw"
    assert f'href="{question}"' in farmer.get(f"/lots/{lot_id}").get_data(as_text=True)
    assert "intrekken?" in farmer.get(question).get_data(as_text=True)
    response = post_form(farmer, question, {"reason": "Zelf uitgereden"})
    assert response.headers["Location"] == "/listings/mine"
    lot = load(app, Lot, lot_id)
    assert (lot.status, lot.version, lot.withdrawn_reason) == (
        ListingStatus.WITHDRAWN,
        3,
        "Zelf uitgereden",
    )
    assert farmer.get(page).status_code == 200
    again = post_form(farmer, page, {**LOT, "tonnes": "10"})
    assert "Alleen een open partij kan worden gewijzigd." in again.get_data(as_text=True)


def test_another_farmer_sees_nothing_and_changes_nothing(
    app: Flask, farmer: FlaskClient, marketplace: Market
) -> None:
    post_lot(farmer)
    lot_id = lot_ids(app, "De Hoeve")[-1]
    other = app.test_client()
    log_in(other, marketplace.arable_email)
    assert other.get(f"/lots/{lot_id}").status_code == 404
    assert other.get(f"/lots/{lot_id}/edit").status_code == 404
    assert post_form(other, "/lots/new", {}, f"/lots/{lot_id}/withdraw").status_code == 404
    assert load(app, Lot, lot_id).status is ListingStatus.OPEN


def test_coordinators_see_every_lot_but_do_not_edit(
    app: Flask, farmer: FlaskClient, marketplace: Market
) -> None:
    post_lot(farmer)
    lot_id = lot_ids(app, "De Hoeve")[-1]
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    page = coordinator.get(f"/lots/{lot_id}").get_data(as_text=True)
    assert "Mestbemiddeling Oost" in page
    assert f"/lots/{lot_id}/edit" not in page
    assert coordinator.get(f"/lots/{lot_id}/edit").status_code == 403
    assert coordinator.get("/lots/new").status_code == 403


def test_an_unapproved_farm_cannot_post(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    assert client.get("/lots/new").headers["Location"] == "/farm"
    before = lot_ids(app, "De Hoeve")
    assert post_form(client, "/farm", LOT, "/lots/new").headers["Location"] == "/farm"
    assert lot_ids(app, "De Hoeve") == before


def test_posting_needs_a_csrf_token(app: Flask, farmer: FlaskClient) -> None:
    before = lot_ids(app, "De Hoeve")
    assert farmer.post("/lots/new", data=LOT).status_code == 400
    assert lot_ids(app, "De Hoeve") == before


def test_visitors_are_sent_to_log_in(client: FlaskClient, marketplace: Market) -> None:
    assert client.get("/lots/new").headers["Location"].startswith("/login")
    assert client.get("/lots/1").headers["Location"].startswith("/login")
