"""A farm's own manure production (R4), N room (R1, R2) and A-share minimum (R8)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.accounts.schemas import FarmInput, NaturalLandInput
from market.accounts.services.farms import (
    add_natural_land,
    create_farm,
    farm_a_share_min,
    farm_n_room_kg,
    farm_own_manure_n_kg,
)
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.models import Farm, FarmStatus, Livestock, NaturalLandParcel
from tests.factories import add_farm as make_farm

NORMS = {"dairy_cow": 96.1, "young_stock_under_1": 32.3}
FARM_FORM: dict[str, Any] = {
    "name": "Melkveebedrijf Terpstra",
    "status": "organic",
    "own_manure_status": "organic",
    "lat": 53.03,
    "lon": 5.66,
    "province": "Friesland",
    "area_ha": 60,
}


def test_own_manure_follows_the_excretion_norms(sqlite_session: Session) -> None:
    farm = make_farm(sqlite_session)
    farm.livestock = [
        Livestock(category="dairy_cow", head_count=80),
        Livestock(category="young_stock_under_1", head_count=20),
    ]
    assert farm_own_manure_n_kg(farm, NORMS) == pytest.approx(80 * 96.1 + 20 * 32.3)


def test_a_measured_figure_replaces_the_norms(sqlite_session: Session) -> None:
    farm = make_farm(sqlite_session, measured_own_manure_n_kg=5100.0)
    farm.livestock = [Livestock(category="dairy_cow", head_count=80)]
    assert farm_own_manure_n_kg(farm, NORMS) == 5100.0


def test_n_room_counts_natural_land_at_its_own_limit(sqlite_session: Session) -> None:
    farm = make_farm(sqlite_session, area_ha=40.0)
    farm.parcels = [NaturalLandParcel(name="Kwelder", ha=5.0, n_limit_kg_per_ha=100.0)]
    assert farm_n_room_kg(farm, n_cap_kg_per_ha=170.0) == 170 * 40 + 100 * 5


@pytest.mark.parametrize(
    ("valid_until", "expected"), [(None, 0.6), (date(2027, 1, 1), 0.6), (date(2026, 12, 31), 0.7)]
)
def test_a_skal_exemption_counts_while_valid(
    sqlite_session: Session, valid_until: date | None, expected: float
) -> None:
    farm = make_farm(
        sqlite_session, a_share_min_exemption=0.6, a_share_exemption_valid_until=valid_until
    )
    assert farm_a_share_min(farm, 0.7, on=date(2027, 1, 1)) == expected


def test_a_farm_is_created_from_a_form(db: Session) -> None:
    farm = create_farm(db, parse(FarmInput, {**FARM_FORM, "skal_number": "027-12345"}))
    assert farm.status is FarmStatus.ORGANIC
    assert (farm.status, farm.own_manure_status, farm.skal_number, farm.other_n_kg) == (
        FarmStatus.ORGANIC,
        FarmStatus.ORGANIC,
        "027-12345",
        0.0,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lat": 91}, "lat"),
        ({"lon": -181}, "lon"),
        ({"area_ha": -1}, "area_ha"),
        ({"status": "biodynamic"}, "status"),
        ({"name": "  "}, "name"),
        ({"other_n_kg": 100, "other_a_n_kg": 150}, "other_a_n_kg"),
        ({"a_share_min_exemption": 1.2}, "a_share_min_exemption"),
        ({"area_ha": 2e7}, "area_ha"),
        ({"other_n_kg": 2e9}, "other_n_kg"),
        ({"province": "Bavaria"}, "province"),
    ],
)
def test_bad_farms_are_refused_and_nothing_is_written(
    db: Session, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        create_farm(db, parse(FarmInput, {**FARM_FORM, **changes}))
    assert field in refused.value.errors
    assert db.scalar(select(func.count()).select_from(Farm)) == 0


def parcel(**data: Any) -> NaturalLandInput:
    return parse(NaturalLandInput, {"name": "Heide", **data})


def test_natural_land_within_the_engines_limits_only(sqlite_session: Session) -> None:
    farm = make_farm(sqlite_session)
    with pytest.raises(ValidationError) as refused:
        parcel(ha=-2.0, n_limit_kg_per_ha=50.0)
    assert list(refused.value.errors) == ["ha"]
    with pytest.raises(ValidationError) as refused:
        parcel(ha=2e7, n_limit_kg_per_ha=2e4)
    assert {field: error.code for field, error in refused.value.errors.items()} == {
        "ha": "number_max",
        "n_limit_kg_per_ha": "number_max",
    }
    added = add_natural_land(sqlite_session, farm, parcel(ha=2.0, n_limit_kg_per_ha=50.0))
    assert (added.farm_id, added.name, added.ha) == (farm.id, "Heide", 2.0)


def test_the_market_stays_within_the_engines_limits() -> None:
    from market.core.schemas import ceilings
    from matching import validate_fields

    names = ("MAX_TONNES", "MAX_KG", "MAX_HA", "MAX_KG_PER_HA", "MAX_KM", "MAX_KG_PER_T")
    mine = [getattr(ceilings, name) for name in names]
    assert mine == [getattr(validate_fields, name) for name in names]
