"""Natural-land parcels with unusual hectares: refused on the farm page with the field-named
warning until the farmer confirms them, then saved and marked, as the farm's own hectares
are (`matching.rules.plausibility`, range `farm_area_ha`)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.accounts.schemas import NaturalLandInput
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.models import Farm
from matching.rules.plausibility import parcel_flags, usual_size
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import farm_id

VAST = {"name": "Heide", "ha": "50000", "n_limit_kg_per_ha": "50"}
WARNING = 'id="ha-error">Ongebruikelijk: dit ligt meestal tussen'
MARK = 'class="verdict bad flag"'


def test_a_vast_parcel_is_refused_until_confirmed(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    ordinary = {"name": "Kwelder", "ha": "5", "n_limit_kg_per_ha": "100"}
    assert post_form(client, "/farm", ordinary, "/farm/parcels").status_code == 302
    refused = post_form(client, "/farm", VAST, "/farm/parcels")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert WARNING in page
    assert 'name="confirm_unusual"' in page
    assert parcel_hectares(app) == [5.0]
    confirmed = post_form(client, "/farm", {**VAST, "confirm_unusual": "y"}, "/farm/parcels")
    assert confirmed.status_code == 302
    assert sorted(parcel_hectares(app)) == [5.0, 50000.0]
    assert client.get("/farm").get_data(as_text=True).count(MARK) == 1


def test_the_parcel_range_is_the_farm_size() -> None:
    usual = usual_size("area_ha")
    assert usual_size("ha") == usual
    assert parcel_flags(usual.high + 1) == ["ha"]
    assert parcel_flags(usual.high) == []
    with pytest.raises(ValidationError) as refused:
        parse(NaturalLandInput, {"ha": usual.high + 1, "n_limit_kg_per_ha": 50})
    assert refused.value.errors["ha"].code == "unusual_figure"
    data = {"ha": usual.high + 1, "n_limit_kg_per_ha": 50, "confirm_unusual": True}
    assert parse(NaturalLandInput, data).ha == usual.high + 1


def parcel_hectares(app: Flask) -> list[float]:
    with state(app).session_factory() as session:
        farm = session.get(Farm, farm_id(app, "De Hoeve"))
        return [parcel.ha for parcel in farm.parcels] if farm else []
