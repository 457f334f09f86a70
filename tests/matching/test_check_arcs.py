"""The checker finds every kind of illegal arc; each case has a clean twin that passes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from matching.check import check_solution
from matching.check_arcs import RuleBook
from matching.validate import InvalidInstance
from tests.matching._factories_check import (
    Trait,
    by_id,
    conventional_origin,
    flow,
    instance,
    lot,
    organic_origin,
    solution,
)

Case = Callable[[dict[str, Any]], dict[str, Any]]


def _one_flow(
    doc: dict[str, Any],
    lot_id: str = "L1",
    request_id: str = "R2",
    tonnes: float = 10.0,
    trait: Trait | None = None,
) -> dict[str, Any]:
    traits = {lot_id: trait} if trait else None
    return solution(doc, [flow(lot_id, request_id, tonnes, trait=trait)], traits)


def test_clean_solution_has_no_violation() -> None:
    doc = instance()
    flows = [flow("L1", "R2", 100.0), flow("L3", "R2", 10.0), flow("L4", "R2", 20.0)]
    assert check_solution(doc, solution(doc, flows)) == []


def test_empty_solution_is_clean() -> None:
    doc = instance()
    assert check_solution(doc, solution(doc, [])) == []


def _c_lot(doc: dict[str, Any]) -> dict[str, Any]:
    doc["lots"].append(
        lot("L5", "F4", "pig_slurry", 100, 6.0, conventional_origin(husbandry_ok=True))
    )
    return _one_flow(doc, "L5", "R3", trait=Trait("C", 0.0, 1.0, 6.0))


def _same_farm(doc: dict[str, Any]) -> dict[str, Any]:
    return _one_flow(doc, "L3", "R3")


def _kind_refused(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["requests"], "R2")["kinds"] = ["pig_slurry"]
    return _one_flow(doc)


def _kinds_empty(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["requests"], "R2")["kinds"] = []
    return _one_flow(doc)


def _too_far_request(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["requests"], "R2")["max_distance_km"] = 39.9
    return _one_flow(doc)


def _too_far_lot(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["lots"], "L1")["max_distance_km"] = 30
    return _one_flow(doc)


def _too_far_params(doc: dict[str, Any]) -> dict[str, Any]:
    doc["params"]["max_distance_km"] = 35
    return _one_flow(doc)


def _conventional_receiver(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["farms"], "F2")["status"] = "conventional"
    return _one_flow(doc)


def _intermediary_expired(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["lots"], "L1")["intermediary"] = {
        "name": "X",
        "skal_approved": True,
        "valid_until": "2026-11-21",
    }
    return _one_flow(doc)


def _intermediary_unapproved(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["lots"], "L1")["intermediary"] = {
        "name": "X",
        "skal_approved": None,
        "valid_until": None,
    }
    return _one_flow(doc)


def _refuses_nonorganic(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["requests"], "R3")["accept_nonorganic"] = None
    return _one_flow(doc, "L4", "R3")


def _r63_own_at_cap(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["farms"], "F3")["own_manure_n_kg"] = 170 * 40  # not strictly below the cap
    return _one_flow(doc, "L4", "R3")


def _r9_conversion(doc: dict[str, Any]) -> dict[str, Any]:
    farm = by_id(doc["farms"], "F3")
    farm["status"] = farm["own_manure_status"] = "conversion"
    return _one_flow(doc, "L4", "R3")


def _exported_this_year(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["farms"], "F3")["exported_organic_this_year"] = True
    return _one_flow(doc, "L4", "R3")


def _imported_this_year(doc: dict[str, Any]) -> dict[str, Any]:
    by_id(doc["farms"], "F3")["imported_nonorganic_this_year"] = True
    return _one_flow(doc, "L3", "R2")


def _pellets_not_direct(doc: dict[str, Any]) -> dict[str, Any]:
    doc["lots"].append(lot("L6", "F1", "poultry_pellets", 10, 40.0, organic_origin()))
    doc["distances"].append({"lot": "L6", "request": "R2", "km": 40.0})
    return _one_flow(doc, "L6", "R2", 1.0, Trait("C", 0.0, 1.0, 40.0))


ILLEGAL: dict[str, tuple[Case, str]] = {
    "category C": (_c_lot, "category C"),
    "same farm": (_same_farm, "same farm"),
    "kind not accepted": (_kind_refused, "kind not accepted"),
    "kinds [] accepts nothing": (_kinds_empty, "kind not accepted"),
    "request max distance": (_too_far_request, "above the limit 39.9 km"),
    "lot max distance": (_too_far_lot, "above the limit 30 km"),
    "params max distance": (_too_far_params, "above the limit 35 km"),
    "expired intermediary": (_intermediary_expired, "expired"),
    "unapproved intermediary": (_intermediary_unapproved, "not Skal-approved"),
    "request refuses non-organic": (_refuses_nonorganic, "does not accept non-organic"),
    "R6.3 own manure at the cap": (_r63_own_at_cap, "R6.3"),
    "R9 conversion farm": (_r9_conversion, "R9"),
    "R5 exported this year": (_exported_this_year, "exported organic manure this year"),
    "R5 imported this year": (_imported_this_year, "imported non-organic manure this year"),
    "poultry pellets not direct": (_pellets_not_direct, "category C"),
}


@pytest.mark.parametrize("name", sorted(ILLEGAL))
def test_illegal_arc_is_reported(name: str) -> None:
    case, expected = ILLEGAL[name]
    doc = instance()
    problems = check_solution(doc, case(doc))
    assert any("arc not allowed" in p and expected in p for p in problems), problems


def test_conventional_receiver_is_refused_as_invalid_and_its_arc_as_illegal() -> None:
    """INSTANCE.md makes a conventional farm's request an invalid instance, so the checker
    refuses the instance as `solve` does; its own rule still forbids the arc (the greedy
    baseline and the raw benchmark model read arcs through it)."""
    doc = instance()
    sol = _conventional_receiver(doc)
    with pytest.raises(InvalidInstance) as caught:
        check_solution(doc, sol)
    assert caught.value.errors[0].endswith("a conventional farm cannot request organic fertiliser")
    assert "not organic or in conversion" in (RuleBook(doc).arc_problem("L1", "R2") or "")


def test_limits_are_inclusive_and_valid_until_today_counts() -> None:
    doc = instance()
    by_id(doc["requests"], "R2")["max_distance_km"] = 40.0
    by_id(doc["lots"], "L1")["intermediary"] = {
        "name": "X",
        "skal_approved": True,
        "valid_until": "2026-11-22",
    }
    assert check_solution(doc, _one_flow(doc)) == []


def test_r63_just_below_the_cap_with_natural_land_allows_nonorganic() -> None:
    doc = instance()
    farm = by_id(doc["farms"], "F3")
    farm["own_manure_n_kg"] = 170 * 40 + 100  # above the cap on normal land alone
    farm["natural_land"] = [{"ha": 1.0, "n_limit_kg_per_ha": 0}]  # +170 kg of R6.3 room
    farm["other_n_kg"] = 0
    assert not [
        p for p in check_solution(doc, _one_flow(doc, "L4", "R3", 1.0)) if "arc not allowed" in p
    ]


def test_conversion_farm_without_own_manure_may_import_nonorganic() -> None:
    doc = instance()
    farm = by_id(doc["farms"], "F3")
    farm["status"] = farm["own_manure_status"] = "conversion"
    farm["own_manure_n_kg"] = 0
    farm["other_n_kg"] = farm["other_a_n_kg"] = 1000  # D0 = 300 kg keeps R8 satisfied
    assert check_solution(doc, _one_flow(doc, "L4", "R3")) == []
