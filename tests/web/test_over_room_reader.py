"""A farm over its N room, as its farmer reads it: the explanation speaks to "your farm",
and the yearly overview writes the negative room left with a real minus sign (U+2212), as
the farm page does, not with a hyphen.

Dronten has 10 ha and no animals (1,700 kg N room); 380 t weighed at 5 kg N/t brought it
1,900 kg N: 200 kg N over its room.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.factories import farm_today
from tests.web.pdf_helpers import pdf_text
from tests.web.room_helpers import ARABLE, committed_farm

EXPLAINED = {
    "nl": "Uw bedrijf zit in {year} 200 kg N boven zijn ruimte voor dierlijke mest na"
    " toegezegde leveringen: ga uw grond en dieren na",
    "en": "Your farm is over its N room for animal manure for {year} by 200 kg N after"
    " committed deliveries: check your land and animals",
}


@pytest.fixture
def farmer(app: Flask, client: FlaskClient) -> tuple[FlaskClient, int]:
    farm_id = committed_farm(app, 380.0, 4000.0, weighed=(380.0, 5.0)).farm_id
    log_in(client, ARABLE)
    return client, farm_id


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_farmer_reads_that_their_own_farm_is_over_its_room(
    farmer: tuple[FlaskClient, int], language: str
) -> None:
    client, _ = farmer
    page = client.get(f"/farm?lang={language}").get_data(as_text=True)
    explained = re.search(r'data-figure="over-room">(.*?)</p>', page, re.DOTALL)
    assert explained is not None
    text = " ".join(explained.group(1).split())
    assert EXPLAINED[language].format(year=farm_today().year) in text
    assert "This farm" not in text and "Dit bedrijf" not in text


def test_the_overview_writes_the_negative_room_with_a_minus_sign(
    farmer: tuple[FlaskClient, int],
) -> None:
    client, farm_id = farmer
    pdf = client.get(f"/deliveries/overview/{farm_id}/{farm_today().year}.pdf").data
    assert "N-ruimte over: \u2212200 kg" in " ".join(pdf_text(pdf).split())
