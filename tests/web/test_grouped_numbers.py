"""Numbers grouped with spaces, as people and spreadsheets write them ("1 200,5")."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pydantic_core import PydanticCustomError

from market.core.schemas.numbers import read_number
from market.models import Lot
from tests.conftest import load, log_in, post_form
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids
from tests.web.test_lots import LOT


@pytest.mark.parametrize(
    ("locale", "text", "number"),
    [
        ("nl", "1 200,5", 1200.5),
        ("nl", "1\u00a0200,5", 1200.5),  # no-break space
        ("nl", "1\u202f200,5", 1200.5),  # narrow no-break space, as spreadsheets paste it
        ("nl", "1 200 300", 1200300),
        ("en", "1 200.5", 1200.5),
    ],
)
def test_a_space_between_groups_of_three_is_a_group_separator(
    locale: str, text: str, number: float
) -> None:
    assert read_number(text, locale) == number


@pytest.mark.parametrize("text", ["12 00,5", "1 2000", "1 200.5", "1,200 5", "1  200", "1,2,3"])
def test_a_space_elsewhere_is_refused_with_the_locale_s_form(text: str) -> None:
    with pytest.raises(PydanticCustomError) as refused:
        read_number(text, "nl")
    assert refused.value.type == "number_format"


def test_a_lot_of_space_grouped_tonnes_is_posted(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    log_in(client, marketplace.livestock_email)
    assert post_form(client, "/lots/new", {**LOT, "tonnes": "1\u00a0200,5"}).status_code == 302
    assert load(app, Lot, lot_ids(app, "De Hoeve")[-1]).tonnes == 1200.5
    page = post_form(client, "/lots/new", {**LOT, "tonnes": "12 00,5"}).get_data(as_text=True)
    assert 'id="tonnes-error">Schrijf het getal zoals in 1234,5.' in page


@pytest.mark.parametrize("text", ["", " ", "-", ","])
def test_text_without_digits_is_no_number(text: str) -> None:
    with pytest.raises(PydanticCustomError) as refused:
        read_number(text, "nl")
    assert refused.value.type == "number"
