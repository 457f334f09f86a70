"""Lots and requests through their schemas and services: validation, versions, withdrawal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.core.reference import standard_contents
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.listings.schemas import LotInput, LotPatch, RequestInput, RequestPatch
from market.listings.services.listings import (
    create_lot,
    create_request,
    lot_origin,
    update_lot,
    update_request,
    withdraw_lot,
    withdraw_request,
)
from market.models import AnalysisSource, FarmStatus, ListingStatus, Lot, Request
from tests.factories import add_farm as make_farm
from tests.market.conftest import LOT_FORM, REQUEST_FORM

CONTENT_KEYS = {"n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t", "analysed_on"}


def count(session: Session, model: type[Lot] | type[Request]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def lot_input(data: dict[str, Any]) -> LotInput:
    return parse(LotInput, data)


def request_input(data: dict[str, Any]) -> RequestInput:
    return parse(RequestInput, data)


def test_a_new_lot_is_open_at_version_one_with_its_analysis(db: Session) -> None:
    lot = create_lot(db, make_farm(db), lot_input(LOT_FORM))
    assert (lot.status, lot.version, lot.analysis_source) == (
        ListingStatus.OPEN,
        1,
        AnalysisSource.MEASURED,
    )
    assert (lot.n_kg_per_t, lot.origin_status, lot.analysed_on) == (
        4.4,
        FarmStatus.ORGANIC,
        date(2026, 10, 1),
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tonnes": -5}, "tonnes"),
        ({"tonnes": 0}, "tonnes"),
        ({"n_kg_per_t": 120}, "n_kg_per_t"),
        ({"n_kg_per_t": "lots"}, "n_kg_per_t"),
        ({"kind": "unicorn_dung"}, "kind"),
        ({"lat": 95.0, "lon": 5.0}, "lat"),
        ({"lat": 52.0}, "lon"),
        ({"manure_share": 1.2}, "manure_share"),
        ({"available_until": date(2026, 1, 1)}, "available_until"),
        ({"available_from": "1 November"}, "available_from"),
        ({"husbandry_ok": "yes"}, "husbandry_ok"),
        ({"p2o5_kg_per_t": 101}, "p2o5_kg_per_t"),
        ({"tonage": 5}, "tonage"),
    ],
)
def test_bad_lots_are_refused_and_nothing_is_written(
    db: Session, changes: dict[str, Any], field: str
) -> None:
    farm = make_farm(db)
    with pytest.raises(ValidationError) as refused:
        create_lot(db, farm, lot_input({**LOT_FORM, **changes}))
    assert field in refused.value.errors
    assert count(db, Lot) == 0


def test_every_problem_is_reported_at_once(db: Session) -> None:
    bad = {**LOT_FORM, "tonnes": -1, "n_kg_per_t": 1001, "lat": 100, "lon": 5}
    with pytest.raises(ValidationError) as refused:
        create_lot(db, make_farm(db), lot_input(bad))
    assert set(refused.value.errors) == {"tonnes", "n_kg_per_t", "lat"}
    error = refused.value.errors["n_kg_per_t"]
    assert (error.code, error.params) == ("number_range", {"low": 0, "high": 1000})
    assert error == "Must be between 0 and 1000."


def test_each_change_of_terms_increments_the_version(db: Session) -> None:
    """The version marks proposals made on other terms as stale; the tonnes are guarded by
    the balance instead, so a lot that still covers its commitments keeps them valid."""
    lot = create_lot(db, make_farm(db), lot_input(LOT_FORM))
    update_lot(db, lot, parse(LotPatch, {"tonnes": 450}))
    assert (lot.tonnes, lot.version) == (450, 1)
    update_lot(db, lot, parse(LotPatch, {"max_distance_km": 30}))
    update_lot(db, lot, parse(LotPatch, {"max_distance_km": 30}))
    assert (lot.max_distance_km, lot.version) == (30, 2)
    withdraw_lot(db, lot, "sold elsewhere")
    assert (lot.status, lot.version, lot.withdrawn_reason) == (
        ListingStatus.WITHDRAWN,
        3,
        "sold elsewhere",
    )


def test_a_refused_update_changes_nothing(db: Session) -> None:
    lot = create_lot(db, make_farm(db), lot_input(LOT_FORM))
    with pytest.raises(ValidationError):
        update_lot(db, lot, parse(LotPatch, {"tonnes": -1, "max_distance_km": 30}))
    assert (lot.tonnes, lot.max_distance_km, lot.version) == (500, None, 1)


def test_listings_stay_within_the_engines_ceilings() -> None:
    """A listing the engine would refuse (1e9 t, 1e9 kg N, 1e5 km) never reaches a run."""
    confirmed = {"confirm_unusual": True}
    with pytest.raises(ValidationError) as lot:
        lot_input({**LOT_FORM, **confirmed, "tonnes": 1.5e9, "max_distance_km": 2e5})
    with pytest.raises(ValidationError) as request:
        request_input({**REQUEST_FORM, **confirmed, "n_kg": 1.5e9, "max_distance_km": 2e5})
    lot_codes = {name: error.code for name, error in lot.value.errors.items()}
    request_codes = {name: error.code for name, error in request.value.errors.items()}
    assert lot_codes == {"tonnes": "number_max", "max_distance_km": "number_max"}
    assert request_codes == {"n_kg": "number_max", "max_distance_km": "number_max"}
    at_the_ceiling = lot_input({**LOT_FORM, **confirmed, "tonnes": 1e9, "max_distance_km": 1e5})
    assert (at_the_ceiling.tonnes, at_the_ceiling.max_distance_km) == (1e9, 1e5)


def test_an_update_is_checked_against_the_stored_values(db: Session) -> None:
    lot = create_lot(db, make_farm(db), lot_input(LOT_FORM))
    with pytest.raises(ValidationError) as refused:
        update_lot(db, lot, parse(LotPatch, {"available_until": date(2026, 10, 1)}))
    assert refused.value.errors["available_until"].code == "not_before_start"
    assert (lot.available_until, lot.version) == (None, 1)


def test_a_withdrawn_lot_cannot_be_changed_or_withdrawn_again(db: Session) -> None:
    lot = withdraw_lot(db, create_lot(db, make_farm(db), lot_input(LOT_FORM)))
    patch = parse(LotPatch, {"tonnes": 1})
    for action in (lambda: update_lot(db, lot, patch), lambda: withdraw_lot(db, lot)):
        with pytest.raises(ValidationError) as refused:
            action()
        assert refused.value.errors == {"status": "Only an open lot can be changed."}
        assert refused.value.errors["status"].code == "lot_not_open"


def test_an_intermediary_is_kept_with_its_skal_declaration(db: Session) -> None:
    form = {
        **LOT_FORM,
        "intermediary_name": " Mesthandel Oost ",
        "intermediary_skal_approved": True,
        "intermediary_valid_until": "2027-03-31",
    }
    lot = create_lot(db, make_farm(db), lot_input(form))
    assert (
        lot.intermediary_name,
        lot.intermediary_skal_approved,
        lot.intermediary_valid_until,
    ) == ("Mesthandel Oost", True, date(2027, 3, 31))


def test_the_origin_is_shaped_for_the_engine(db: Session) -> None:
    form = {
        **LOT_FORM,
        "kind": "digestate",
        "origin_status": "conventional",
        "manure_share": 0.6,
        "manure_organic": True,
        "coproducts_annex_ii": True,
    }
    origin = lot_origin(create_lot(db, make_farm(db), lot_input(form)))
    assert origin == {
        "status": "conventional",
        "husbandry_ok": None,
        "direct_from_organic_farm": None,
        "manure_share": 0.6,
        "manure_organic": True,
        "coproducts_annex_ii": True,
        "coproducts_organic_share": None,
        "made_from": None,
        "skal_input_list": None,
    }


def test_a_request_is_created_and_versioned(db: Session) -> None:
    request = create_request(
        db, make_farm(db), request_input({**REQUEST_FORM, "kinds": ["green_compost"]})
    )
    update_request(db, request, parse(RequestPatch, {"n_kg": 3500}))
    update_request(db, request, parse(RequestPatch, {"max_distance_km": 40}))
    withdraw_request(db, request)
    assert (request.n_kg, request.kinds, request.version, request.status) == (
        3500,
        ["green_compost"],
        3,
        ListingStatus.WITHDRAWN,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"n_kg": -10}, "n_kg"),
        ({"kinds": ["cattle_slurry", "moon_dust"]}, "kinds"),
        ({"kinds": "cattle_slurry"}, "kinds"),
        ({"max_distance_km": -1}, "max_distance_km"),
        ({"wanted_until": date(2027, 1, 1)}, "wanted_until"),
    ],
)
def test_bad_requests_are_refused(db: Session, changes: dict[str, Any], field: str) -> None:
    farm = make_farm(db)
    with pytest.raises(ValidationError) as refused:
        create_request(db, farm, request_input({**REQUEST_FORM, **changes}))
    assert field in refused.value.errors
    assert count(db, Request) == 0


def test_an_empty_kinds_list_accepts_nothing_and_is_kept(db: Session) -> None:
    request = create_request(db, make_farm(db), request_input({**REQUEST_FORM, "kinds": []}))
    assert request.kinds == []


def test_a_conventional_farm_cannot_post_a_request(db: Session) -> None:
    farm = make_farm(db, status=FarmStatus.CONVENTIONAL)
    with pytest.raises(ValidationError) as refused:
        create_request(db, farm, request_input(REQUEST_FORM))
    assert list(refused.value.errors) == ["farm"]


def test_without_an_analysis_the_standard_contents_apply(db: Session) -> None:
    table = standard_contents()
    form = {key: value for key, value in LOT_FORM.items() if key not in CONTENT_KEYS}
    lot = create_lot(db, make_farm(db), lot_input(form))
    slurry = table["cattle_slurry"]
    assert (lot.analysis_source, lot.analysed_on) == (AnalysisSource.STANDARD, None)
    assert (lot.n_kg_per_t, lot.p2o5_kg_per_t, lot.k2o_kg_per_t) == (
        slurry.n_kg_per_t,
        slurry.p2o5_kg_per_t,
        slurry.k2o_kg_per_t,
    )
    update_lot(db, lot, parse(LotPatch, {"kind": "goat_manure"}))
    assert lot.n_kg_per_t == table["goat_manure"].n_kg_per_t
