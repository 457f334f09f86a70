"""`farms[].exported_animal_n_kg` (docs/engine.md): the own manure that left the farm frees
its N room (R1, R2) and leaves its A-share (R8) and R9, while R6.3 keeps reading what the
own livestock produces. The engine, the checker and the greedy baseline count it alike.

Distances are overridden: profit per tonne = 2.0 × 5 kg N − 0.15 × 20 km = 7 EUR.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from matching import solve_instance
from matching.check import check_solution
from matching.tools.greedy import greedy_solve
from tests.matching._factories import by_id, farm, flows, instance, lot, request


def solved(doc: dict[str, Any], solver: str = "highs") -> dict[str, Any]:
    solution = solve_instance(doc, solver=solver)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "optimal"
    return solution


def room_market(**receiver: Any) -> dict[str, Any]:
    """A supplier with 500 t of organic slurry (5 kg N/t) and a receiver of 1 ha (room
    170 kg) whose animals produce 170 kg N, asking for 1,000 kg N."""
    return instance(
        [farm("F1", area=10), farm("F2", area=1, own=170, **receiver)],
        [lot("L1", "F1", tonnes=500, n=5)],
        [request("R2", "F2", 1000)],
    )


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_own_manure_that_left_the_farm_frees_its_n_room(solver: str) -> None:
    held = solved(room_market(), solver)
    assert flows(held) == {}  # 170 kg produced and kept: the room is full
    assert by_id(held["requests"])["R2"]["why_unmet_code"] == "n_room_full"
    freed = solved(room_market(exported_animal_n_kg=100), solver)
    # kept 170 − 100 = 70 kg → 100 kg room left → 20 t
    assert flows(freed) == pytest.approx({("L1", "R2"): 20.0})
    row = by_id(freed["farms"])["F2"]
    assert (row["n_room_kg"], row["animal_n_kg"]) == pytest.approx((170.0, 170.0))


def test_received_and_exported_animal_n_both_count_in_the_room() -> None:
    doc = room_market(exported_animal_n_kg=100, received_animal_n_kg=30)
    s = solved(doc)
    assert flows(s) == pytest.approx({("L1", "R2"): 14.0})  # 170 − 70 − 30 = 70 kg
    assert by_id(s["farms"])["F2"]["animal_n_kg"] == pytest.approx(170.0)


def test_the_a_share_counts_the_own_manure_kept() -> None:
    """Kept 400 kg of organic own manure and 400 kg of B fertiliser: 50 %, below 70 %, so
    B manure may come in only against A; produced (1,000 kg) it would read 71 %."""
    receiver = farm("F2", own=1000, exported_animal_n_kg=600, other_n_kg=400, other_a_n_kg=0)
    doc = instance(
        [farm("F4", "conventional"), receiver],
        [lot("L1", "F4", tonnes=100, n=5, status="conventional", husbandry_ok=True)],
        [request("R2", "F2", 10_000, nonorganic=True)],
    )
    s = solved(doc)
    assert flows(s) == {}
    assert by_id(s["lots"])["L1"]["why_left_code"] == "a_share"
    assert by_id(s["farms"])["F2"]["a_share"] == pytest.approx(0.5)


#: 20 t of the B slurry into R2, as a solution would list it (the checker's input).
FORCED_B_FLOW = {"lot": "L4", "request": "R2", "tonnes": 20.0, "n_kg": 100.0, "a_n_kg": 0.0} | {
    "animal_n_kg": 100.0,
    "km": 20.0,
    "cost_eur": 60.0,
}


def gate_market(*receivers: dict[str, Any]) -> dict[str, Any]:
    """500 t of organic slurry (L1) and 500 t of conventional cattle slurry with outdoor
    access (L4, category B), both 5 kg N/t, for receivers of 10 ha (cap 1,700 kg) that
    each ask 100 kg N and accept non-organic manure; no A-share minimum."""
    return instance(
        [farm("F1", area=10), farm("F4", "conventional"), *receivers],
        [
            lot("L1", "F1", tonnes=500, n=5),
            lot("L4", "F4", tonnes=500, n=5, status="conventional", husbandry_ok=True),
        ],
        [request(f"R{f['id'][1:]}", f["id"], 100, nonorganic=True) for f in receivers],
        a_share_min=0.0,
    )


@pytest.mark.parametrize("exported", [1500, 1700])
def test_r6_3_reads_the_production_however_much_left_the_farm(exported: float) -> None:
    """Animals producing the cap (1,700 kg) close the farm to non-organic manure even when
    most or all of their manure went to other farms; what left frees room for organic
    manure all the same."""
    doc = gate_market(farm("F2", area=10, own=1700, exported_animal_n_kg=exported))
    s = solved(doc)
    assert flows(s) == pytest.approx({("L1", "R2"): 20.0})
    assert by_id(s["lots"])["L4"]["why_left_code"] == "nonorganic_refused"
    forced = copy.deepcopy(s)
    forced["flows"] = [FORCED_B_FLOW]
    assert any("R6.3" in line for line in check_solution(doc, forced))


def test_r9_holds_while_the_farm_keeps_any_of_its_conversion_manure() -> None:
    """R9: "if such a farm imports manure besides its own": F2 keeps 1 kg of its conversion
    manure and stays closed to non-organic manure; F3's all left, so none of its own is on
    its land and the gate is open (R6.3 and R5 hold: 300 kg produced, nothing organic
    exported)."""
    keeps, sent_all = (
        farm(fid, "conversion", area=10, own=300, exported_animal_n_kg=out)
        for fid, out in (("F2", 299), ("F3", 300))
    )
    doc = gate_market(keeps, sent_all)
    doc["lots"] = doc["lots"][1:]  # only the non-organic lot is on offer
    doc["distances"] = [d for d in doc["distances"] if d["lot"] == "L4"]
    s = solved(doc)
    assert flows(s) == pytest.approx({("L4", "R3"): 20.0})
    forced = copy.deepcopy(s)
    forced["flows"] = [FORCED_B_FLOW]
    assert any("(R9)" in line for line in check_solution(doc, forced))


def test_the_checker_reads_the_room_the_exports_leave() -> None:
    doc = room_market(exported_animal_n_kg=100)
    s = solved(doc)
    over = copy.deepcopy(s)
    over["flows"][0].update(tonnes=21.0, n_kg=105.0, a_n_kg=105.0, animal_n_kg=105.0)
    assert any("R1/R2" in line for line in check_solution(doc, over))


def test_the_greedy_baseline_fills_the_room_the_exports_leave() -> None:
    doc = room_market(exported_animal_n_kg=100, received_animal_n_kg=30)
    solution = greedy_solve(doc)
    assert flows(solution) == pytest.approx({("L1", "R2"): 14.0})
    assert by_id(solution["farms"])["F2"]["animal_n_kg"] == pytest.approx(170.0)
    assert check_solution(doc, solution) == []
