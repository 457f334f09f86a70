"""The pages' side of animal manure from a farm that keeps none of those animals: the lot is
saved with a warning beside "posted", its page and the lists mark it, and the mark goes once
the farmer adds the animals on the farm's profile (De Hoeve of `marketplace` keeps none)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Lot
from tests.conftest import load, post_form
from tests.web.conftest import Market
from tests.web.market_helpers import approved_farmer, lot_ids
from tests.web.test_lots import LOT

WARNING = "Rundveedrijfmest komt van dieren die niet in de veestapel van uw bedrijf staan."
NOTICE = "Mest van dieren die niet in de veestapel van het bedrijf staan: controleer de soort"
MARK = 'title="Mest van dieren die niet in de veestapel van het bedrijf staan."'


@pytest.fixture
def farmer(app: Flask, client: FlaskClient, marketplace: Market) -> FlaskClient:
    return approved_farmer(app, client, marketplace.livestock_email)


def test_slurry_of_a_farm_without_cattle_is_posted_with_a_warning_and_a_mark(
    app: Flask, farmer: FlaskClient
) -> None:
    posted = post_form(farmer, "/lots/new", LOT)
    assert posted.status_code == 302
    lot_id = lot_ids(app, "De Hoeve")[-1]
    assert load(app, Lot, lot_id).flags == ["kind"]
    shown = farmer.get(posted.headers["Location"]).get_data(as_text=True)
    assert WARNING in shown and NOTICE in shown
    assert MARK in farmer.get("/listings/mine").get_data(as_text=True)


def test_the_mark_goes_when_the_farm_adds_its_cattle(app: Flask, farmer: FlaskClient) -> None:
    post_form(farmer, "/lots/new", LOT)
    lot_id = lot_ids(app, "De Hoeve")[-1]
    assert load(app, Lot, lot_id).flags == ["kind"]
    animals: dict[str, object] = {"category": "young_stock_over_1", "head_count": "20"}
    assert post_form(farmer, "/farm", animals, "/farm/livestock").status_code == 302
    assert load(app, Lot, lot_id).flags == []
    saved = post_form(farmer, f"/lots/{lot_id}/edit", {**LOT, "tonnes": "250"})
    shown = farmer.get(saved.headers["Location"]).get_data(as_text=True)
    assert WARNING not in shown and NOTICE not in shown and MARK not in shown
