"""The N-room and A-share calculator: hand-computed farms and lots (kg N per year)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from market.accounts.schemas import CalculatorInput
from market.accounts.services.calculator import calculate, lot_effect, lot_from_input
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.models import FarmStatus, Livestock, NaturalLandParcel
from tests.factories import add_farm as make_farm

POLICY = {"n_cap_kg_per_ha": 170.0, "a_share_min": 0.7}
DAY = date(2026, 11, 24)


def test_the_farm_now_from_land_animals_and_other_fertilisers(sqlite_session: Session) -> None:
    farm = make_farm(sqlite_session, area_ha=40.0, other_n_kg=1000.0, other_a_n_kg=200.0)
    farm.parcels = [NaturalLandParcel(name="Kwelder", ha=5.0, n_limit_kg_per_ha=100.0)]
    farm.livestock = [Livestock(category="dairy_cow", head_count=50)]
    now = calculate(farm, POLICY, DAY).now
    assert now.room_kg == 170 * 40 + 100 * 5
    assert now.animal_n_kg == pytest.approx(50 * 96.1)
    assert now.room_left_kg == pytest.approx(7300 - 4805)
    assert now.a_share == pytest.approx((4805 + 200) / (4805 + 1000))
    assert now.fits_room and now.meets_a_share


def test_conventional_own_manure_is_not_a(sqlite_session: Session) -> None:
    farm = make_farm(
        sqlite_session, own_manure_status=FarmStatus.CONVENTIONAL, measured_own_manure_n_kg=1000.0
    )
    now = calculate(farm, POLICY, DAY).now
    assert (now.a_n_kg, now.total_n_kg, now.a_share) == (0.0, 1000.0, 0.0)
    assert not now.meets_a_share


def test_an_extra_b_lot_uses_room_and_lowers_the_a_share(sqlite_session: Session) -> None:
    farm = make_farm(sqlite_session, area_ha=10.0, measured_own_manure_n_kg=1000.0)
    lot = lot_effect("cattle_slurry", {"status": "conventional", "husbandry_ok": True}, 200, 4.0)
    result = calculate(farm, POLICY, DAY, lot)
    assert (lot.category, lot.rule, lot.n_kg, lot.a_n_kg) == (
        "B",
        "class.nonorganic_husbandry_ok",
        800.0,
        0.0,
    )
    assert result.after is not None
    assert result.after.room_left_kg == 1700 - 1000 - 800
    assert result.after.a_share == pytest.approx(1000 / 1800)
    assert not result.after.fits_room and not result.after.meets_a_share


def test_champost_counts_seven_kg_half_of_it_animal() -> None:
    lot = lot_effect("champost", {"status": "organic", "direct_from_organic_farm": True}, 10, 2.0)
    assert (lot.n_kg_per_t, lot.n_kg, lot.animal_n_kg, lot.a_n_kg) == (7.0, 70.0, 35.0, 70.0)


def test_without_analysis_the_standard_n_content_counts() -> None:
    from market.core.reference import standard_contents

    lot = lot_effect("cattle_slurry", {"status": "organic"}, 100)
    assert lot.n_kg_per_t == standard_contents()["cattle_slurry"].n_kg_per_t


def test_the_form_lot_takes_the_farms_status_and_checks_its_fields(
    sqlite_session: Session,
) -> None:
    farm = make_farm(sqlite_session)
    assert lot_from_input(parse(CalculatorInput, {"kind": None, "tonnes": None}), farm) is None
    form = {"kind": "pig_slurry", "tonnes": "1.200", "n_kg_per_t": "6,5"}
    lot = lot_from_input(parse(CalculatorInput, form, locale="nl"), farm)
    assert lot is not None and (lot.category, lot.n_kg) == ("A", 7800.0)
    with pytest.raises(ValidationError) as refused:
        parse(CalculatorInput, {"kind": "pig_slurry", "tonnes": -1, "n_kg_per_t": 1500})
    assert set(refused.value.errors) == {"tonnes", "n_kg_per_t"}
