"""A farm over its N room for animal manure is saved with a warning and its page marks the
negative room, with a real minus sign, in Dutch and English.

The arable farm has 10 ha and no animals: 1,700 kg N room. One approved proposal brings it
250 t of slurry at 4.4 kg N/t: 1,100 kg N. Cut to 4 ha (680 kg N room), the farm is 420 kg N
over its room after committed deliveries.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Farm
from tests.conftest import load, log_in, post_form
from tests.factories import (
    farm_today,
)
from tests.web.room_helpers import ARABLE, committed_farm

PROFILE: dict[str, Any] = {
    "name": "Akkerbouw Dronten",
    "skal_number": "123402",
    "status": "organic",
    "own_manure_status": "organic",
    "province": "Gelderland",
    "address": "",
    "lat": "52",
    "lon": "6",
    "area_ha": "4",
    "measured_own_manure_n_kg": "",
    "other_n_kg": "0",
    "other_a_n_kg": "0",
    "p2o5_room_kg": "",
    "a_share_min_exemption": "",
    "a_share_exemption_valid_until": "",
}
SAVED = {
    "nl": "Uw bedrijf is opgeslagen. Het zit nu {over} kg N boven zijn ruimte voor dierlijke"
    " mest in {year} na toegezegde leveringen.",
    "en": "Your farm has been saved. It is now over its N room for animal manure for {year} by"
    " {over} kg N after committed deliveries.",
}
MARK = {"nl": ">nagaan<", "en": ">check<"}


def _farmer(
    app: Flask, client: FlaskClient, tonnes: float, weighed: tuple[float, float] | None = None
) -> tuple[FlaskClient, int]:
    """The arable farmer, logged in, with an approved proposal of `tonnes` into the farm."""
    farm_id = committed_farm(app, tonnes, 4000.0, weighed=weighed).farm_id
    log_in(client, ARABLE)
    return client, farm_id


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_farm_cut_below_its_committed_n_is_saved_with_a_warning(
    app: Flask, client: FlaskClient, language: str
) -> None:
    farmer, farm_id = _farmer(app, client, 250.0)
    farmer.get(f"/farm?lang={language}")
    response = post_form(farmer, "/farm/edit", PROFILE)
    assert response.headers["Location"] == "/farm"
    assert load(app, Farm, farm_id).area_ha == 4.0
    page = farmer.get("/farm").get_data(as_text=True)
    assert SAVED[language].format(over=420, year=farm_today().year) in page
    assert 'class="flash flash-warning"' in page
    assert 'data-figure="room-left-committed">\u2212420 kg N' in page
    assert 'data-figure="room-left-now">680 kg N\n' in page  # nothing weighed: within


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_richer_weighed_sample_marks_the_negative_room(
    app: Flask, client: FlaskClient, language: str
) -> None:
    farmer, _ = _farmer(app, client, 380.0, (380.0, 5.0))  # 1,900 kg N, not 1,672
    page = farmer.get(f"/farm?lang={language}").get_data(as_text=True)
    assert 'data-figure="room-left-now">\u2212200 kg N <span class="verdict bad flag"' in page
    assert 'data-figure="room-left-committed">\u2212200 kg N <span class="verdict bad' in page
    assert page.count(MARK[language]) == 3
    assert 'data-figure="over-room"' in page
