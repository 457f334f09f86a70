"""The checker finds broken limits (lot, request, N room, A-share, P2O5, minimum delivery,
R5 either-or) and recognises the same solution as clean when the limit holds."""

from __future__ import annotations

from typing import Any

import pytest

from matching.check import check_solution
from matching.check_arcs import RuleBook
from matching.validate import InvalidInstance
from tests.matching._factories_check import (
    Trait,
    by_id,
    flow,
    instance,
    lot,
    organic_origin,
    solution,
)


def _problems(
    doc: dict[str, Any], flows: list[dict[str, Any]], traits: dict[str, Trait] | None = None
) -> list[str]:
    return check_solution(doc, solution(doc, flows, traits))


def test_lot_tonnes_exceeded() -> None:
    doc = instance()
    problems = _problems(doc, [flow("L1", "R2", 60.0), flow("L1", "R3", 41.0)])
    assert any("lot L1: 101.000000 t placed" in p for p in problems), problems
    assert _problems(doc, [flow("L1", "R2", 60.0), flow("L1", "R3", 40.0)]) == []


def test_request_n_exceeded() -> None:
    doc = instance()
    by_id(doc["requests"], "R2")["n_kg"] = 399.0  # 100 t x 4 kg N/t = 400 kg
    assert any("request R2" in p for p in _problems(doc, [flow("L1", "R2", 100.0)]))
    by_id(doc["requests"], "R2")["n_kg"] = 400.0
    assert _problems(doc, [flow("L1", "R2", 100.0)]) == []


def test_n_room_counts_natural_land_at_its_own_limit() -> None:
    doc = instance()
    farm = by_id(doc["farms"], "F2")
    farm["area_ha"] = 2.0  # 340 kg room, 400 kg animal N comes in
    assert any("N room" in p for p in _problems(doc, [flow("L1", "R2", 100.0)]))
    farm["natural_land"] = [{"ha": 1.0, "n_limit_kg_per_ha": 60}]  # 340 + 60 = 400 kg
    assert _problems(doc, [flow("L1", "R2", 100.0)]) == []


def test_n_room_subtracts_own_manure_and_counts_animal_fraction_only() -> None:
    doc = instance()
    farm = by_id(doc["farms"], "F2")
    farm["area_ha"], farm["own_manure_n_kg"], farm["other_n_kg"] = 3.0, 300.0, 5000.0
    # room 510 - own 300 = 210 kg animal N; champost: 30 t x 7 kg x 0.5 = 105 kg animal N.
    doc["lots"].append(
        lot("L7", "F1", "champost", 100, 9.0, organic_origin(direct_from_organic_farm=True))
    )
    doc["distances"].append({"lot": "L7", "request": "R2", "km": 40.0})
    champost = Trait("A", 1.0, 0.5, 7.0)
    assert _problems(doc, [flow("L7", "R2", 60.0, trait=champost)], {"L7": champost}) == []
    problems = _problems(doc, [flow("L7", "R2", 61.0, trait=champost)], {"L7": champost})
    assert any("N room" in p for p in problems), problems


def test_a_share_d0_form() -> None:
    doc = instance()
    farm = by_id(doc["farms"], "F2")
    farm["other_n_kg"], farm["other_a_n_kg"] = 1000.0, 800.0  # D0 = 800 - 700 = 100 kg
    # B manure, a = 0: slack drops by 0.7 x 4 kg per t; 35.71 t uses the 100 kg.
    assert _problems(doc, [flow("L4", "R2", 35.0)]) == []
    assert any("A-share" in p for p in _problems(doc, [flow("L4", "R2", 36.0)]))


def test_a_share_may_stay_below_minimum_but_not_sink_further() -> None:
    doc = instance()
    farm = by_id(doc["farms"], "F2")
    farm["other_n_kg"], farm["other_a_n_kg"] = 1000.0, 0.0  # D0 = -700 kg, already below
    assert any("A-share" in p for p in _problems(doc, [flow("L4", "R2", 1.0)]))
    farm["a_share_min"] = 0.0  # a Skal exemption of 0 % makes the same import fine
    assert _problems(doc, [flow("L4", "R2", 1.0)]) == []


def test_phosphate_room() -> None:
    doc = instance()
    by_id(doc["farms"], "F2")["p2o5_room_kg"] = 150.0  # 1.5 kg P2O5/t
    assert _problems(doc, [flow("L1", "R2", 100.0)]) == []
    assert any(
        "P2O5" in p for p in _problems(doc, [flow("L1", "R2", 100.0), flow("L3", "R2", 1.0)])
    )


def test_minimum_delivery_uses_the_smaller_of_threshold_and_lot() -> None:
    doc = instance()
    doc["params"]["min_delivery_t"] = 60.0
    assert any("minimum delivery 60" in p for p in _problems(doc, [flow("L1", "R2", 59.0)]))
    assert _problems(doc, [flow("L3", "R2", 50.0)]) == []  # the whole 50 t lot is enough
    doc["params"]["min_delivery_t"] = 0
    assert _problems(doc, [flow("L1", "R2", 1.0)]) == []


def test_r5_either_or_no_tonnage_on_both_sides() -> None:
    doc = instance()
    problems = _problems(doc, [flow("L3", "R2", 10.0), flow("L4", "R3", 10.0)])
    assert any("farm F3" in p and "either-or" in p for p in problems), problems
    assert _problems(doc, [flow("L3", "R2", 10.0), flow("L1", "R3", 10.0)]) == []


def test_digestate_a_part_and_animal_fraction_are_checked() -> None:
    doc = instance()
    doc["lots"].append(
        lot(
            "L8",
            "F1",
            "digestate",
            100,
            5.0,
            organic_origin(
                manure_share=0.4,
                manure_organic=True,
                coproducts_annex_ii=True,
                coproducts_organic_share=0.5,
            ),
        )
    )
    doc["distances"].append({"lot": "L8", "request": "R2", "km": 40.0})
    right = Trait("A/B", 0.4 + 0.6 * 0.5, 0.4, 5.0)  # a = m + (1 - m) x share; animal = m
    assert _problems(doc, [flow("L8", "R2", 10.0, trait=right)], {"L8": right}) == []
    wrong = Trait("A/B", 0.5, 1.0, 5.0)
    problems = _problems(doc, [flow("L8", "R2", 10.0, trait=wrong)], {"L8": wrong})
    assert any("a_n_kg" in p for p in problems) and any("animal_n_kg" in p for p in problems)
    assert any("lots[L8].a_fraction" in p for p in problems)


def test_champost_counts_seven_kg_n_per_tonne() -> None:
    doc = instance()
    doc["lots"].append(
        lot("L7", "F1", "champost", 100, 9.0, organic_origin(direct_from_organic_farm=True))
    )
    doc["distances"].append({"lot": "L7", "request": "R2", "km": 40.0})
    declared = Trait("A", 1.0, 0.5, 9.0)
    problems = _problems(doc, [flow("L7", "R2", 10.0, trait=declared)], {"L7": declared})
    assert any("n_kg is 90.0, expected 70.000000" in p for p in problems), problems


@pytest.mark.parametrize(
    ("field", "value"), [("km", 41.0), ("cost_eur", 61.0), ("n_kg", 41.0), ("tonnes", None)]
)
def test_flow_fields_must_add_up(field: str, value: float | None) -> None:
    doc = instance()
    sol = solution(doc, [flow("L1", "R2", 10.0)])
    sol["flows"][0][field] = value
    assert any(p.startswith(f"flows[0] L1->R2: {field} is") for p in check_solution(doc, sol))


def test_road_factor_and_haversine_radius() -> None:
    doc = instance()
    doc["distances"] = []
    # F1 (52.0 N, 5.0 E) to F2 (52.0 N, 5.5 E): 2 x 6371.0 x asin(cos 52 deg x sin 0.25 deg)
    # = 34.22915 km great circle, x 1.3 road factor = 44.49789 km.
    assert _problems(doc, [flow("L1", "R2", 10.0, km=44.497894)]) == []
    assert any("km is 34.22915" in p for p in _problems(doc, [flow("L1", "R2", 10.0, km=34.22915)]))


def test_lot_location_is_used_when_both_coordinates_are_set() -> None:
    doc = instance()
    doc["distances"] = []
    by_id(doc["lots"], "L1").update(lat=52.0, lon=5.5)  # stored on the receiver's road
    assert _problems(doc, [flow("L1", "R2", 10.0, km=0.0)]) == []
    by_id(doc["lots"], "L1").update(lat=None)  # one alone: invalid, and the farm's spot counts
    with pytest.raises(InvalidInstance, match=r"lots\[0\]\.lat: lat and lon must be given"):
        _problems(doc, [flow("L1", "R2", 10.0, km=0.0)])
    assert RuleBook(doc).km("L1", "R2") > 1.0
