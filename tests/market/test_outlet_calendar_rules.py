"""The spreading calendar and the outlet and load tables (issue 11), by hand-picked dates.

`matching.rules.calendar` narrows a request's window to the first stretch of its land use's
legal period for the kinds it takes; the tables come from data files with source and year.
"""

from __future__ import annotations

from datetime import date

import pytest

from matching.rules import KINDS
from matching.rules.calendar import (
    ALL_YEAR,
    LAND_USES,
    Period,
    accepted_classes,
    closed_window,
    common_period,
    delivery_window,
    first_stretch,
    form_of,
    legal_period,
    period_class,
    request_window,
)
from matching.rules.market_data import outlet_costs, spreading_periods, truck_loads
from matching.rules.outlets import (
    default_load_prices,
    default_outlet_eur_per_t,
    load_t,
    outlet_eur_per_t,
)

RUN_DAY = date(2026, 11, 30)
WINTER = (date(2027, 1, 1), date(2027, 3, 1))  # wanted 1 Jan - 1 Mar 2027


def test_every_kind_has_one_class_an_outlet_and_a_truck() -> None:
    classes = spreading_periods()["classes"]
    listed = [kind for row in classes.values() for kind in row["kinds"]]
    assert sorted(listed) == sorted(KINDS)
    assert set(outlet_costs()["kinds"]) == set(KINDS)
    assert {form_of(kind) for kind in KINDS} == set(truck_loads()["vehicle_of_form"])
    for row in classes.values():
        assert set(row["periods"]) == set(LAND_USES)


def test_the_periods_are_rvos() -> None:
    assert legal_period("slurry", "grassland_clay_peat") == Period((2, 16), (8, 31))
    assert legal_period("slurry", "arable_sand_loess") == Period((3, 16), (7, 31))
    assert legal_period("solid", "arable_sand_loess") == Period((2, 1), (8, 31))
    assert legal_period("solid", "grassland_clay_peat") == Period((2, 1), (9, 15))
    assert legal_period("solid", "arable_clay_peat") == ALL_YEAR
    assert legal_period("organic_other", "arable_sand_loess") == ALL_YEAR
    assert legal_period("mineral", "grassland_sand_loess") == Period((2, 1), (9, 15))


def test_an_arc_closed_for_slurry_stays_open_for_solid_manure() -> None:
    """Arable clay, wanted 1 Jan - 1 Mar: slurry may not go before 16 Mar, solid manure may
    go all year. A lot available 1-20 Feb meets the solid window and misses the slurry one."""
    lot = (date(2027, 2, 1), date(2027, 2, 20))
    assert request_window({"slurry"}, "arable_clay_peat", WINTER, RUN_DAY) is None
    assert request_window({"solid"}, "arable_clay_peat", WINTER, RUN_DAY) == WINTER
    assert delivery_window("cattle_slurry", "arable_clay_peat", lot, WINTER, RUN_DAY) is None
    assert delivery_window("cattle_solid", "arable_clay_peat", lot, WINTER, RUN_DAY) == lot


def test_a_request_taking_both_gets_the_stricter_period() -> None:
    """Grassland on sand, open-ended from 1 Jan: slurry from 16 Feb, solid manure from 1 Feb;
    a request that takes both is written with the days both allow."""
    wanted = (date(2027, 1, 1), None)
    both = request_window({"slurry", "solid"}, "grassland_sand_loess", wanted, RUN_DAY)
    solid = request_window({"solid"}, "grassland_sand_loess", wanted, RUN_DAY)
    assert both == (date(2027, 2, 16), date(2027, 8, 31))
    assert solid == (date(2027, 2, 1), date(2027, 8, 31))


def test_the_window_starts_on_the_run_day_and_takes_the_next_season() -> None:
    """Wanted since May 2026, open-ended; run on 30 Nov 2026: this year's period is over, so
    the window is next year's (16 Mar - 31 Jul 2027 for slurry on arable land)."""
    wanted = (date(2026, 5, 1), None)
    window = request_window({"slurry"}, "arable_sand_loess", wanted, RUN_DAY)
    assert window == (date(2027, 3, 16), date(2027, 7, 31))
    assert request_window({"slurry"}, "arable_sand_loess", wanted, date(2026, 6, 1)) == (
        date(2026, 6, 1),
        date(2026, 7, 31),
    )


def test_a_window_that_ended_before_the_run_day_holds_no_day() -> None:
    wanted = (date(2026, 3, 1), date(2026, 11, 29))
    assert request_window({"organic_other"}, "arable_clay_peat", wanted, RUN_DAY) is None


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2027, 7, 31), None, (date(2027, 7, 31), date(2027, 7, 31))),
        (date(2027, 8, 1), date(2028, 3, 15), None),
        (date(2027, 8, 1), date(2028, 3, 16), (date(2028, 3, 16), date(2028, 3, 16))),
        (date(2028, 2, 29), date(2028, 4, 1), (date(2028, 3, 16), date(2028, 4, 1))),
    ],
)
def test_first_stretch_edges(
    start: date, end: date | None, expected: tuple[date, date | None] | None
) -> None:
    assert first_stretch(Period((3, 16), (7, 31)), start, end) == expected


def test_common_period_of_classes() -> None:
    assert common_period([], "arable_sand_loess") == ALL_YEAR
    assert common_period(["solid", "organic_other"], "arable_clay_peat") == ALL_YEAR
    assert common_period(["slurry", "mineral"], "grassland_clay_peat") == Period((2, 16), (8, 31))
    assert Period((3, 1), (4, 1)).meet(Period((5, 1), (6, 1))) is None


def test_accepted_classes_count_only_what_is_offered() -> None:
    offered = {"slurry", "organic_other"}
    assert accepted_classes(None, offered) == offered
    assert accepted_classes(["cattle_solid", "green_compost"], offered) == {"organic_other"}
    assert period_class("digestate") == "slurry" and period_class("champost") == "solid"


def test_a_closed_window_lies_before_every_lot() -> None:
    assert closed_window(date(2026, 11, 1)) == (date(2026, 10, 31), date(2026, 10, 31))


def test_outlets_take_the_lot_then_the_run_then_the_kind() -> None:
    assert default_outlet_eur_per_t("pig_slurry") == 17.5
    assert default_outlet_eur_per_t("cattle_slurry") == 14.0
    assert default_outlet_eur_per_t("green_compost") == 0.0
    assert outlet_eur_per_t("pig_slurry", 9.0, 3.0) == 9.0
    assert outlet_eur_per_t("pig_slurry", None, 3.0) == 3.0
    assert outlet_eur_per_t("pig_slurry", None, None) == 17.5
    assert outlet_eur_per_t("pig_slurry", 0.0, 3.0) == 0.0


def test_loads_by_form_of_kind() -> None:
    assert load_t("cattle_slurry") == 30.0 and load_t("digestate") == 30.0
    assert load_t("cattle_solid") == 25.0 and load_t("green_compost") == 25.0
    assert default_load_prices() == (75.0, 4.5)


def test_figures_within_the_ranges_they_come_from() -> None:
    for row in outlet_costs()["kinds"].values():
        low, high = row.get("range", (row["eur_per_t"], row["eur_per_t"]))
        assert low <= row["eur_per_t"] <= high
        assert "estimate" in row["basis"] or "mestverwaarding" in row["basis"]
