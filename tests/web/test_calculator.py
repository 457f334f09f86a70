"""The calculator on the farm page and its live fragment for calculator.js."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from market.accounts.views.farms import LIVE_HEADER, LIVE_VALUE
from tests.conftest import log_in
from tests.web.conftest import Market

STATIC = Path(__file__).resolve().parents[2] / "market" / "static" / "js" / "calculator.js"
A_LOT = "kind=cattle_slurry&tonnes=100&n_kg_per_t=5&origin_status=organic"
B_LOT = "kind=cattle_slurry&tonnes=2000&n_kg_per_t=5&origin_status=conventional&husbandry_ok=y"
#: What calculator.js sends to ask for the result alone.
LIVE = {LIVE_HEADER: LIVE_VALUE}


def test_the_page_computes_the_extra_lot_without_javascript(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    page = client.get(f"/farm?{A_LOT}").get_data(as_text=True)
    assert "Met de extra partij" in page
    assert "Mest van biologisch gecertificeerde dieren is een A-meststof." in page
    assert 'data-figure="room-left-after">6.300 kg N' in page


def test_the_fragment_says_when_a_lot_breaks_the_rules(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    client.get("/farm?lang=en")
    response = client.get(f"/farm/calculator?{B_LOT}", headers=LIVE)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in fragment
    assert 'data-figure="room-left-after">\u22123,200 kg N' in fragment
    assert "over the cap" in fragment
    assert "below the minimum" in fragment
    assert "Non-organic manure of animals with grazing" in fragment


def test_bad_calculator_input_is_named(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.livestock_email)
    response = client.get("/farm/calculator?kind=cattle_slurry&tonnes=veel", headers=LIVE)
    assert response.status_code == 400
    assert "Extra partij (ton): Vul een getal in." in response.get_data(as_text=True)


def test_the_script_is_a_static_file_that_fetches_the_fragment(client: FlaskClient) -> None:
    response = client.get("/static/js/calculator.js")
    assert response.status_code == 200
    assert "fetch(form.dataset.live" in STATIC.read_text()
    response.close()


def test_coordinators_have_no_calculator_of_their_own(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.coordinator_email)
    assert client.get(f"/farm/calculator?{A_LOT}").status_code == 403


@pytest.mark.parametrize(
    ("lot", "rule"),
    [
        ("kind=digestate&tonnes=100&n_kg_per_t=5", "Digestaat"),
        ("kind=poultry_manure&tonnes=3000&n_kg_per_t=7,1&origin_status=conventional", "Niet-"),
    ],
)
def test_a_category_c_lot_is_not_allowed_whatever_the_numbers(
    client: FlaskClient, marketplace: Market, lot: str, rule: str
) -> None:
    """C is forbidden on an organic farm (R7): no "fits" or "meets the minimum" for it."""
    log_in(client, marketplace.livestock_email)
    fragment = client.get(f"/farm/calculator?{lot}", headers=LIVE).get_data(as_text=True)
    assert '<span class="badge badge-C">C</span>' in fragment
    assert '<span class="verdict bad">niet toegestaan</span>' in fragment
    assert "mogen niet op biologische bedrijven" in fragment
    assert rule in fragment.split('data-figure="rule">')[1]
    assert "verdict ok" not in fragment and "voldoet aan het minimum" not in fragment
    assert "room-left-after" not in fragment
