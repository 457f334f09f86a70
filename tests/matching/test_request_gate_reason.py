"""A request whose lots in reach are all non-organic manure it may not take is told so
(`supply_nonorganic_refused`), not that no lot is in reach: the R6.3/R9 gate or its own
`accept_nonorganic` keeps them away, and a farmer reading "nothing within the distance
limits" would look for the wrong cause. Distance keeps its own reason."""

from __future__ import annotations

from typing import Any

import pytest

from matching import merge_solutions, solve_instance, split_instance
from matching.check import check_solution
from tests.matching._factories import by_id, farm, instance, lot, request

GATE = "supply_nonorganic_refused"


def why_unmet(doc: dict[str, Any], request_id: str = "R2") -> str:
    solution = solve_instance(doc)
    assert check_solution(doc, solution) == []
    return str(by_id(solution["requests"])[request_id]["why_unmet_code"])


def nonorganic_market(receiver: dict[str, Any], *, accepts: bool, km: float = 20.0) -> dict:
    """Conventional cattle slurry with outdoor access (category B, 100 t at 5 kg N/t) `km`
    from a receiver asking 500 kg N; no A-share minimum, so only the gate can refuse it."""
    return instance(
        [farm("F1", "conventional"), receiver],
        [lot("L1", "F1", status="conventional", husbandry_ok=True)],
        [request("R2", "F2", 500, nonorganic=accepts)],
        km=km,
        a_share_min=0.0,
    )


def test_a_farm_at_the_r6_cap_is_told_the_gate_keeps_the_lots_away() -> None:
    """F2 produces 170 kg N/ha on its 10 ha (R6.3: not strictly below the cap)."""
    doc = nonorganic_market(farm("F2", area=10, own=1700), accepts=True)
    assert why_unmet(doc) == GATE


def test_a_request_that_refuses_nonorganic_manure_is_told_so() -> None:
    assert why_unmet(nonorganic_market(farm("F2"), accepts=False)) == GATE


@pytest.mark.parametrize("accepts", [True, False])
def test_distance_keeps_its_own_reason(accepts: bool) -> None:
    doc = nonorganic_market(farm("F2", area=10, own=1700), accepts=accepts, km=1000.0)
    assert why_unmet(doc) == "no_supply_in_reach"


def test_an_open_gate_gives_the_lot() -> None:
    """The same market with F2 below the cap: the lot goes there, all of its 500 kg N (a
    guard on the case)."""
    doc = nonorganic_market(farm("F2", area=10, own=100), accepts=True)
    assert why_unmet(doc) == "met"


def test_the_parts_of_a_split_give_the_whole_instances_reason() -> None:
    """The worker solves the parts of a split (`split_instance`) and merges them. The lot
    goes to F5, whose gate is open, so it is in that part; the request of F2, at the R6.3
    cap, has no arc and is in another: the merge re-explains it over the whole instance,
    as it does lots."""
    doc = instance(
        [farm("F1", "conventional"), farm("F2", area=10, own=1700), farm("F5")],
        [lot("L1", "F1", status="conventional", husbandry_ok=True)],
        [request("R2", "F2", 500, nonorganic=True), request("R5", "F5", 100, nonorganic=True)],
        a_share_min=0.0,
    )
    parts = split_instance(doc)
    assert len(parts) == 2
    merged = merge_solutions(doc, [solve_instance(part) for part in parts])
    assert merged["requests"] == solve_instance(doc)["requests"]
    assert by_id(merged["requests"])["R2"]["why_unmet_code"] == GATE
