"""Tiny instances whose optimum is computed by hand, one rule at a time (PyPSA style).

Distances are overridden, so profit per tonne = 2.0 × N − 0.15 × km exactly.
"""

from __future__ import annotations

import pytest

from matching import solve_instance
from matching.check import check_solution
from tests.matching._factories import by_id, farm, flows, instance, lot, request


def solve(doc: dict, solver: str = "highs") -> dict:
    solution = solve_instance(doc, solver=solver)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "optimal"
    return solution


def test_a_request_takes_what_it_needs_and_the_rest_is_left_with_the_reason() -> None:
    doc = instance(
        [farm("F1", area=10), farm("F2")],
        [lot("L1", "F1", tonnes=100, n=5)],
        [request("R2", "F2", 300)],
    )
    s = solve(doc)
    assert flows(s) == pytest.approx({("L1", "R2"): 60.0})  # 300 kg / 5 kg/t
    assert s["objective"] == pytest.approx(60 * (10 - 3))  # 7 EUR/t at 20 km
    assert by_id(s["lots"])["L1"]["why_left_code"] == "requests_met"
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "met"


def test_n_room_counts_natural_land_at_its_own_limit_and_own_manure_first() -> None:
    receiver = farm("F2", area=1, own=70, natural_land=[{"ha": 2, "n_limit_kg_per_ha": 50}])
    doc = instance(
        [farm("F1", area=10), receiver],
        [lot("L1", "F1", tonnes=500, n=5)],
        [request("R2", "F2", 1000)],
    )
    s = solve(doc)
    # room 170 + 2 × 50 = 270 kg, own manure 70 → 200 kg left → 40 t
    assert flows(s) == pytest.approx({("L1", "R2"): 40.0})
    row = by_id(s["farms"])["F2"]
    assert (row["n_room_kg"], row["animal_n_kg"]) == pytest.approx((270.0, 270.0))
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "n_room_full"


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_animal_n_already_received_this_year_uses_the_room_like_an_import(solver: str) -> None:
    """`received_animal_n_kg` (docs/engine.md): commitments of earlier runs fill the room like
    imports (R1, R2)."""
    receiver = farm("F2", area=1, own=70, received_animal_n_kg=60)
    doc = instance(
        [farm("F1", area=10), receiver],
        [lot("L1", "F1", tonnes=500, n=5)],
        [request("R2", "F2", 1000)],
    )
    s = solve(doc, solver)
    # room 170 kg, own 70, received 60 → 40 kg left → 8 t
    assert flows(s) == pytest.approx({("L1", "R2"): 8.0})
    assert by_id(s["farms"])["F2"]["animal_n_kg"] == pytest.approx(170.0)
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "n_room_full"


def test_a_share_rule_lets_b_manure_in_only_against_a_fertiliser() -> None:
    receiver = farm("F2", other_n_kg=1000, other_a_n_kg=0)  # D0 = −700 kg: below 70 %
    doc = instance(
        [farm("F1"), farm("F4", "conventional"), receiver],
        [
            lot("L1", "F4", tonnes=1000, n=5, status="conventional", husbandry_ok=True),
            lot("L3", "F1", "green_compost", tonnes=30, n=5),
        ],
        [request("R2", "F2", 10_000, nonorganic=True)],
        km=10.0,
    )
    s = solve(doc)
    # 0.3 × 5 × 30 t of A must cover 0.7 × 5 × x t of B: x = 90/7 t
    assert flows(s) == pytest.approx({("L1", "R2"): 90 / 7, ("L3", "R2"): 30.0})
    assert s["objective"] == pytest.approx(8.5 * (30 + 90 / 7))
    assert by_id(s["lots"])["L1"]["why_left_code"] == "a_share"


def _r5_case(b_tonnes: float) -> dict:
    """F3 can export its organic goat manure to F2 or import F4's B manure, not both."""
    mixed = farm("F3", other_n_kg=10_000, other_a_n_kg=10_000)
    return instance(
        [farm("F2"), mixed, farm("F4", "conventional")],
        [
            lot("L3", "F3", "goat_manure", tonnes=50, n=10),
            lot("L4", "F4", tonnes=b_tonnes, n=5, status="conventional", husbandry_ok=True),
        ],
        [request("R2", "F2", 300), request("R3", "F3", 1000, nonorganic=True)],
        km=10.0,
    )


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_r5_farm_imports_when_importing_is_worth_more(solver: str) -> None:
    s = solve(_r5_case(200.0), solver)
    assert flows(s) == pytest.approx({("L4", "R3"): 200.0})  # 200 × 8.5 > 30 × 18.5
    assert s["objective"] == pytest.approx(1700.0)
    assert by_id(s["lots"])["L3"]["why_left_code"] == "r5_farm_imports"
    assert by_id(s["farms"])["F3"]["side"] == "imports"


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_r5_farm_exports_when_exporting_is_worth_more(solver: str) -> None:
    s = solve(_r5_case(50.0), solver)
    assert flows(s) == pytest.approx({("L3", "R2"): 30.0})  # 30 × 18.5 > 50 × 8.5
    assert s["objective"] == pytest.approx(555.0)
    assert by_id(s["requests"])["R3"]["why_unmet_code"] == "r5_farm_exports"
    assert by_id(s["farms"])["F3"]["side"] == "exports"


def test_minimum_delivery_refuses_a_flow_smaller_than_it() -> None:
    doc = instance(
        [farm("F1"), farm("F2"), farm("F5")],
        [lot("L1", "F1", tonnes=100, n=5)],
        [request("R2", "F2", 150), request("R5", "F5", 250)],
        min_delivery_t=40,
    )
    s = solve(doc)
    assert flows(s) == pytest.approx({("L1", "R5"): 50.0})  # R2 would take only 30 t
    assert s["objective"] == pytest.approx(350.0)
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "min_delivery"


def test_minimum_delivery_uses_the_whole_lot_when_it_is_smaller() -> None:
    doc = instance(
        [farm("F1"), farm("F2")],
        [lot("L1", "F1", tonnes=30, n=5)],
        [request("R2", "F2", 120)],
        min_delivery_t=40,
    )
    s = solve(doc)
    assert flows(s) == {}  # 24 t would fit; the threshold is min(40, 30) = 30 t
    doc["requests"][0]["n_kg"] = 150
    assert flows(solve(doc)) == pytest.approx({("L1", "R2"): 30.0})


def test_champost_counts_7_kg_n_per_tonne_half_of_it_animal() -> None:
    doc = instance(
        [farm("F1"), farm("F2")],
        [lot("L1", "F1", "champost", tonnes=100, n=9, direct_from_organic_farm=True)],
        [request("R2", "F2", 350)],
    )
    s = solve(doc)
    (flow,) = s["flows"]
    assert (flow["tonnes"], flow["n_kg"], flow["animal_n_kg"]) == pytest.approx((50, 350, 175))
    assert s["objective"] == pytest.approx(50 * (14 - 3))


def test_phosphate_room_limits_the_import() -> None:
    doc = instance(
        [farm("F1"), farm("F2", p2o5_room_kg=60)],
        [lot("L1", "F1", tonnes=100, n=5, p2o5=1.5)],
        [request("R2", "F2", 5000)],
    )
    s = solve(doc)
    assert flows(s) == pytest.approx({("L1", "R2"): 40.0})
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "p2o5_room_full"


@pytest.mark.parametrize(("km", "arc"), [(150.0, True), (150.01, False)])
def test_distance_limits_are_inclusive(km: float, arc: bool) -> None:
    doc = instance(
        [farm("F1"), farm("F2")],
        [lot("L1", "F1", "poultry_manure", 10, n=30)],
        [request("R2", "F2", 300)],
        km=km,
    )
    s = solve(doc)
    assert bool(s["flows"]) is arc
    if not arc:
        assert by_id(s["lots"])["L1"]["why_left_code"] == "no_receiver_in_reach"


def test_unprofitable_transport_is_not_done() -> None:
    doc = instance(
        [farm("F1"), farm("F2")],
        [lot("L1", "F1", tonnes=100, n=5)],
        [request("R2", "F2", 300)],
        km=100.0,
    )  # 10 − 15 < 0 EUR/t
    s = solve(doc)
    assert s["flows"] == [] and s["objective"] == 0.0
    assert by_id(s["lots"])["L1"]["why_left_code"] == "not_worth_transport"


@pytest.mark.parametrize(
    ("intermediary", "code"),
    [
        ({"name": "X", "skal_approved": True, "valid_until": "2026-11-21"}, "intermediary_expired"),
        ({"name": "X", "skal_approved": False, "valid_until": None}, "intermediary_not_approved"),
        ({"name": "X", "skal_approved": True, "valid_until": "2026-11-22"}, "requests_met"),
    ],
)
def test_intermediary_must_be_approved_and_valid_on_the_date(intermediary: dict, code: str) -> None:
    doc = instance([farm("F1"), farm("F2")], [lot("L1", "F1")], [request("R2", "F2", 100)])
    doc["lots"][0]["intermediary"] = intermediary
    s = solve(doc)
    assert by_id(s["lots"])["L1"]["why_left_code"] == code


def test_category_c_is_never_placed() -> None:
    doc = instance(
        [farm("F1", "conventional"), farm("F2")],
        [lot("L1", "F1", "poultry_manure", status="conventional")],
        [request("R2", "F2", 100, nonorganic=True)],
    )
    s = solve(doc)
    assert s["flows"] == []
    assert by_id(s["lots"])["L1"] | {} == by_id(s["lots"])["L1"]
    assert (by_id(s["lots"])["L1"]["category"], by_id(s["lots"])["L1"]["why_left_code"]) == (
        "C",
        "category_c",
    )


@pytest.mark.parametrize(
    "receiver",
    [
        farm("F2", own=17_000),  # R6.3: own manure at the cap (100 ha × 170)
        farm("F2", "conversion", own=100),  # R9: conversion farm using its own manure
        farm("F2", exported_organic_this_year=True),  # R5 from the ledger
    ],
)
def test_nonorganic_manure_is_refused_where_the_rules_say_so(receiver: dict) -> None:
    doc = instance(
        [farm("F4", "conventional"), receiver],
        [lot("L4", "F4", status="conventional", husbandry_ok=True)],
        [request("R2", "F2", 100, nonorganic=True)],
    )
    s = solve(doc)
    assert s["flows"] == []
    assert by_id(s["lots"])["L4"]["why_left_code"] == "nonorganic_refused"


def test_a_farm_that_imported_nonorganic_manure_exports_only_its_other_lots() -> None:
    supplier = farm("F1", imported_nonorganic_this_year=True)
    doc = instance(
        [supplier, farm("F2")],
        [lot("L1", "F1"), lot("L2", "F1", "green_compost", tonnes=10)],
        [request("R2", "F2", 1000)],
    )
    s = solve(doc)
    assert set(flows(s)) == {("L2", "R2")}
    assert by_id(s["lots"])["L1"]["why_left_code"] == "r5_imported_nonorganic"


def test_kinds_filter_and_empty_kinds() -> None:
    doc = instance(
        [farm("F1"), farm("F2"), farm("F3")],
        [lot("L1", "F1")],
        [request("R2", "F2", 100, kinds=["pig_slurry"]), request("R3", "F3", 100, kinds=[])],
    )
    s = solve(doc)
    assert s["flows"] == []
    assert by_id(s["lots"])["L1"]["why_left_code"] == "no_request_for_kind"
    assert by_id(s["requests"])["R3"]["why_unmet_code"] == "accepts_no_kind"
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "no_supply_in_reach"
