"""Issue 10's input faults, each with the right value: physical limits refuse, the unusual is
flagged once confirmed, places lie in the service area, past dates are not in the future."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import SERVICE_AREA
from market.accounts.schemas import FarmInput, NaturalLandInput, SignupInput
from market.accounts.services.farms import create_farm
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.listings.schemas import LotInput, LotPatch, RequestInput
from market.listings.services.listings import create_lot, create_request, update_lot
from market.models import Farm, Lot
from tests.factories import add_farm, farm_today
from tests.market.conftest import LOT_FORM, REQUEST_FORM

FARM: dict[str, Any] = {
    "name": "De Hoeve",
    "status": "organic",
    "own_manure_status": "organic",
    "lat": 52.1,
    "lon": 5.3,
    "province": "Utrecht",
    "area_ha": 40,
}
SIGNUP: dict[str, Any] = {
    "email": "boer@example.nl",
    "password": "lang genoeg",
    "role": "arable_farmer",
    "farm_name": "Akkerhof",
    "skal_number": "098765",
    "status": "organic",
    "province": "Utrecht",
    "lat": 52.1,
    "lon": 5.3,
    "area_ha": 80,
}


def codes(model: type[Any], data: dict[str, Any]) -> dict[str, str]:
    """The codes of the fields `model` refuses in `data` ({} when it takes it)."""
    try:
        parse(model, data)
    except ValidationError as error:
        return {field: refused.code for field, refused in error.errors.items()}
    return {}


def test_cattle_slurry_at_40_kg_n_needs_the_farmers_confirmation() -> None:
    for n in (40, 60):
        assert codes(LotInput, {**LOT_FORM, "n_kg_per_t": n}) == {"n_kg_per_t": "unusual_figure"}
    with pytest.raises(ValidationError) as refused:
        parse(LotInput, {**LOT_FORM, "n_kg_per_t": 40})
    assert refused.value.errors["n_kg_per_t"].params == {"low": 2.6, "high": 5.4}
    assert codes(LotInput, {**LOT_FORM, "n_kg_per_t": 40, "confirm_unusual": True}) == {}
    assert codes(LotInput, {**LOT_FORM, "n_kg_per_t": 4.6}) == {}


def test_sizes_far_beyond_a_farm_need_confirmation_or_are_refused() -> None:
    assert codes(LotInput, {**LOT_FORM, "tonnes": 1e9}) == {"tonnes": "unusual_figure"}
    assert codes(RequestInput, {**REQUEST_FORM, "n_kg": 200_000}) == {"n_kg": "unusual_figure"}
    huge = {**REQUEST_FORM, "n_kg": 9_999_999_999, "confirm_unusual": True}
    assert codes(RequestInput, huge) == {"n_kg": "number_max"}  # beyond the engine's ceiling


def test_fertilisers_of_the_skal_input_list_are_offered() -> None:
    """Feather meal (about 120 kg N/t) and hair meal (about 145) are usual mineral_n."""
    for n in (120, 145):
        lot = {**LOT_FORM, "kind": "mineral_n", "n_kg_per_t": n, "p2o5_kg_per_t": 5}
        assert codes(LotInput, {**lot, "k2o_kg_per_t": 2, "skal_input_list": True}) == {}


def test_contents_have_the_physical_limit_of_1000_kg_per_tonne() -> None:
    for field in ("n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t"):
        over = {**LOT_FORM, field: 1000.5, "confirm_unusual": True}
        assert codes(LotInput, over) == {field: "number_range"}
    at_limit = {**LOT_FORM, "p2o5_kg_per_t": 1000, "confirm_unusual": True}
    assert codes(LotInput, at_limit) == {}


def test_an_analysis_is_not_dated_in_the_future() -> None:
    assert codes(LotInput, {**LOT_FORM, "analysed_on": date(2030, 1, 1)}) == {
        "analysed_on": "date_future"
    }
    assert codes(LotInput, {**LOT_FORM, "analysed_on": farm_today() - timedelta(days=1)}) == {}


def test_places_lie_in_the_service_area() -> None:
    assert codes(SignupInput, {**SIGNUP, "lat": 20}) == {"lat": "outside_service_area"}
    assert codes(FarmInput, {**FARM, "lon": 12.0}) == {"lon": "outside_service_area"}
    assert codes(LotInput, {**LOT_FORM, "lat": 48.8, "lon": 2.3}) == {
        "lat": "outside_service_area",
        "lon": "outside_service_area",
    }
    border = {**FARM, "lat": SERVICE_AREA.south, "lon": SERVICE_AREA.east}
    # the area's ends are in it; this corner lies in Germany, far outside Utrecht
    assert codes(FarmInput, border) == {"province": "outside_province"}


def test_sign_up_refuses_an_endless_name_and_flags_a_vast_farm() -> None:
    assert codes(SignupInput, {**SIGNUP, "farm_name": "x" * 10_000}) == {"farm_name": "text_length"}
    assert codes(SignupInput, {**SIGNUP, "area_ha": 100_000}) == {"area_ha": "unusual_figure"}
    confirmed = parse(SignupInput, {**SIGNUP, "area_ha": 100_000, "confirm_unusual": True})
    assert confirmed.farm().area_ha == 100_000
    larger_than_the_country = {**SIGNUP, "area_ha": 5e6, "confirm_unusual": True}
    assert codes(SignupInput, larger_than_the_country) == {"area_ha": "number_max"}


def test_natural_land_has_a_lower_limit_than_the_cap() -> None:
    assert codes(NaturalLandInput, {"ha": 2, "n_limit_kg_per_ha": 250}) == {
        "n_limit_kg_per_ha": "natural_limit_above_cap"
    }
    assert codes(NaturalLandInput, {"ha": 2, "n_limit_kg_per_ha": 170}) == {}


def test_a_confirmed_lot_is_saved_with_its_flags(db: Session) -> None:
    farm = add_farm(db)
    data = {**LOT_FORM, "n_kg_per_t": 40, "p2o5_kg_per_t": 150, "confirm_unusual": True}
    lot = create_lot(db, farm, parse(LotInput, data))
    db.commit()
    db.expire_all()
    stored = db.scalars(select(Lot).where(Lot.id == lot.id)).one()
    assert (stored.n_kg_per_t, stored.p2o5_kg_per_t) == (40, 150)
    # "kind": the farm keeps no cattle (`market.listings.services.animals`)
    assert stored.flags == ["n_kg_per_t", "p2o5_kg_per_t", "kind"]
    update_lot(db, stored, parse(LotPatch, {"max_distance_km": 30}))  # the figures stay confirmed
    update_lot(db, stored, parse(LotPatch, {"n_kg_per_t": 4.4, "p2o5_kg_per_t": 1.5}))
    assert stored.flags == ["kind"]


def test_a_changed_figure_after_confirmation_is_checked_again(db: Session) -> None:
    lot = create_lot(db, add_farm(db), parse(LotInput, LOT_FORM))
    with pytest.raises(ValidationError) as refused:
        update_lot(db, lot, parse(LotPatch, {"n_kg_per_t": 40}))
    assert refused.value.errors["n_kg_per_t"].code == "unusual_figure"
    assert lot.n_kg_per_t == 4.4 and lot.flags == ["kind"]  # a farm without cattle


def test_requests_and_farms_store_their_flags(db: Session) -> None:
    farm = create_farm(db, parse(FarmInput, {**FARM, "area_ha": 50_000, "confirm_unusual": True}))
    request = create_request(
        db, farm, parse(RequestInput, {**REQUEST_FORM, "n_kg": 500_000, "confirm_unusual": True})
    )
    db.flush()
    assert (farm.flags, request.flags) == (["area_ha"], ["n_kg"])
    assert db.get_one(Farm, farm.id).confirm_unusual
