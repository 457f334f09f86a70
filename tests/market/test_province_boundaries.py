"""The vendored provinces (Natural Earth, `make vendor-boundaries`) and the province check
that sign-up and the farm form make with them."""

from __future__ import annotations

import json

import pytest

from config.settings import SERVICE_AREA
from market.accounts.schemas import FarmInput, SignupInput
from market.core.boundaries import (
    BOUNDARIES,
    PROVINCE_TOLERANCE_KM,
    in_province,
    km_outside_province,
    provinces,
)
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.models import PROVINCES

UTRECHT_CITY = (52.0907, 5.1214)
#: 500 m inside Utrecht from its border with Gelderland, west of Veenendaal.
NEAR_GELDERLAND = (52.03341, 5.56065)
#: Kedichem, Vijfheerenlanden: Utrecht since 2019, Zuid-Holland in the older Natural Earth data.
KEDICHEM = (51.857, 5.05)

SIGNUP: dict[str, object] = {
    "email": "boer@example.nl",
    "password": "lang genoeg wachtwoord",
    "role": "arable_farmer",
    "farm_name": "De Grens",
    "skal_number": "054321",
    "status": "organic",
    "area_ha": 30.0,
}


def test_the_vendored_boundaries_are_the_twelve_provinces_inside_the_service_area() -> None:
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    assert sorted(f["properties"]["name"] for f in collection["features"]) == sorted(PROVINCES)
    assert BOUNDARIES.stat().st_size < 200_000  # simplified: the pages load it offline
    for name, polygons in provinces().items():
        corners = [corner for polygon in polygons for ring in polygon for corner in ring]
        assert len(corners) > 50, name
        for lon, lat in corners:
            assert SERVICE_AREA.south <= lat <= SERVICE_AREA.north, name
            assert SERVICE_AREA.west <= lon <= SERVICE_AREA.east, name


def test_each_provincial_capital_lies_in_its_province_and_only_there() -> None:
    capitals = {
        "Groningen": (53.219, 6.567),
        "Friesland": (53.201, 5.799),
        "Drenthe": (52.993, 6.564),
        "Overijssel": (52.516, 6.083),
        "Flevoland": (52.518, 5.471),
        "Gelderland": (51.985, 5.899),
        "Utrecht": UTRECHT_CITY,
        "Noord-Holland": (52.381, 4.637),
        "Zuid-Holland": (52.070, 4.300),
        "Zeeland": (51.499, 3.614),
        "Noord-Brabant": (51.690, 5.304),
        "Limburg": (50.851, 5.691),
    }
    for capital, (lat, lon) in capitals.items():
        assert [p for p in PROVINCES if km_outside_province(lat, lon, p) == 0] == [capital]


def test_distances_outside_a_province_are_kilometres() -> None:
    assert km_outside_province(*UTRECHT_CITY, "Utrecht") == 0.0
    assert km_outside_province(*NEAR_GELDERLAND, "Gelderland") == pytest.approx(0.5, abs=0.01)
    assert 60 < km_outside_province(*UTRECHT_CITY, "Zeeland") < 100
    with pytest.raises(KeyError):
        km_outside_province(*UTRECHT_CITY, "Bavaria")


def test_a_point_near_a_border_passes_for_either_province_but_not_one_far_away() -> None:
    assert in_province(*NEAR_GELDERLAND, "Utrecht") and in_province(*NEAR_GELDERLAND, "Gelderland")
    assert in_province(*KEDICHEM, "Utrecht")  # the data's largest known error stays within
    assert km_outside_province(*KEDICHEM, "Utrecht") < PROVINCE_TOLERANCE_KM
    assert not in_province(*UTRECHT_CITY, "Zeeland")
    assert not in_province(*UTRECHT_CITY, "Groningen")


def test_sign_up_refuses_coordinates_outside_the_chosen_province() -> None:
    lat, lon = UTRECHT_CITY
    with pytest.raises(ValidationError) as refused:
        parse(SignupInput, {**SIGNUP, "province": "Zeeland", "lat": lat, "lon": lon})
    assert refused.value.errors["province"].code == "outside_province"
    near = {**SIGNUP, "lat": NEAR_GELDERLAND[0], "lon": NEAR_GELDERLAND[1]}
    assert parse(SignupInput, {**near, "province": "Gelderland"}).province == "Gelderland"
    assert parse(SignupInput, {**near, "province": "Utrecht"}).province == "Utrecht"


def test_the_farm_form_refuses_them_too_and_a_wrong_coordinate_is_reported_alone() -> None:
    farm = {
        "name": "De Grens",
        "status": "organic",
        "own_manure_status": "organic",
        "lat": UTRECHT_CITY[0],
        "lon": UTRECHT_CITY[1],
        "province": "Zeeland",
        "area_ha": 30.0,
    }
    with pytest.raises(ValidationError) as refused:
        parse(FarmInput, farm)
    assert refused.value.errors["province"].code == "outside_province"
    with pytest.raises(ValidationError) as outside:
        parse(FarmInput, {**farm, "lat": 40.0})
    assert set(outside.value.errors) == {"lat"}  # no province check without the coordinates
