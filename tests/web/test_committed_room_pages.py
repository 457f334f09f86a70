"""The farm page shows the N room an approval checks, and a request above it is saved with a
warning, in Dutch and English.

The arable farm has 10 ha and no animals: 1,700 kg N room. One approved, undelivered proposal
brings it 1,100 kg N (250 t at 4.4 kg N/t): 600 kg N room left after committed deliveries,
while its weighed deliveries (none) leave it 1,700.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Request
from tests.conftest import load, log_in, post_form
from tests.web.room_helpers import ARABLE, committed_farm
from tests.web.test_calculator import LIVE

FORM: dict[str, Any] = {
    "n_kg": "900",
    "max_distance_km": "60",
    "wanted_from": "2027-02-16",
    "land_use": "arable_sand_loess",
}
#: The request's flag (`matching.rules.plausibility.ROOM_FLAG`), as the API answers it.
ROOM_FLAG = "n_room"
WARNINGS = {
    "nl": "Deze vraag vraagt 900 kg N, meer dan de 600 kg N ruimte voor dierlijke mest",
    "en": "This request asks 900 kg N, more than the 600 kg N room for animal manure",
}

#: The mark in the farmer's list of listings (its title, then its word).
MARKS = {
    "nl": 'voor dierlijke mest na toegezegde leveringen.">nagaan<',
    "en": 'room for animal manure after committed deliveries.">check<',
}


@pytest.fixture
def farmer(app: Flask, client: FlaskClient) -> FlaskClient:
    """The arable farmer, logged in, with the approved proposal into the farm."""
    committed_farm(app, 250.0, 1500.0)
    log_in(client, ARABLE)
    return client


def test_the_farm_page_shows_the_room_after_committed_deliveries(farmer: FlaskClient) -> None:
    page = farmer.get("/farm").get_data(as_text=True)
    assert "Ruimte na toegezegde leveringen" in page
    assert 'data-figure="room-left-committed">600 kg N' in page
    assert 'data-figure="committed">1.100 kg N' in page
    assert 'data-figure="room-left-now">1.700 kg N' in page
    assert "Ruimte na gewogen leveringen" in page
    english = farmer.get("/farm?lang=en").get_data(as_text=True)
    assert "Room left after committed deliveries" in english
    assert "Committed, not yet delivered" in english


def test_the_calculator_counts_an_extra_lot_on_top_of_what_is_committed(
    farmer: FlaskClient,
) -> None:
    lot = "kind=cattle_slurry&tonnes=100&n_kg_per_t=5&origin_status=organic"
    fragment = farmer.get(f"/farm/calculator?{lot}", headers=LIVE).get_data(as_text=True)
    assert 'data-figure="room-left-after">100 kg N' in fragment


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_request_above_the_room_is_saved_with_a_warning(
    app: Flask, farmer: FlaskClient, language: str
) -> None:
    farmer.get(f"/farm?lang={language}")
    response = post_form(farmer, "/requests/new", FORM)
    assert response.status_code == 302
    shown = farmer.get(response.headers["Location"]).get_data(as_text=True)
    assert WARNINGS[language] in shown
    request_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert ROOM_FLAG in load(app, Request, request_id).flags
    mine = farmer.get("/listings/mine").get_data(as_text=True)
    assert MARKS[language] in mine
    assert "the farmer confirmed it" not in mine and "de boer heeft het bevestigd" not in mine
    within = post_form(farmer, "/requests/new", {**FORM, "n_kg": "500"}).headers["Location"]
    assert WARNINGS[language].split(",")[1] not in farmer.get(within).get_data(as_text=True)
    assert ROOM_FLAG not in load(app, Request, int(within.rsplit("/", 1)[1])).flags
