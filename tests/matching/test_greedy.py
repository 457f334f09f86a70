"""The nearest-first greedy baseline: nearest lot first, every rule kept (it passes check)."""

from __future__ import annotations

from matching.check import check_solution
from matching.tools.greedy import greedy_solve
from tests.matching._factories_check import by_id, instance


def _tonnes(solution: dict, lot_id: str, request_id: str) -> float:
    return sum(
        f["tonnes"] for f in solution["flows"] if f["lot"] == lot_id and f["request"] == request_id
    )


def _distances(doc: dict, km: dict[str, float]) -> None:
    doc["distances"] = [{"lot": lot, "request": "R2", "km": d} for lot, d in km.items()]


def test_takes_the_nearest_lot_first_and_stops_when_met() -> None:
    doc = instance()
    doc["requests"] = [by_id(doc["requests"], "R2")]
    by_id(doc["requests"], "R2")["n_kg"] = 200.0  # 50 t of L1 or 25 t of L3
    _distances(doc, {"L1": 30.0, "L3": 10.0, "L4": 20.0})
    solution = greedy_solve(doc)
    assert [(f["lot"], f["tonnes"]) for f in solution["flows"]] == [("L3", 25.0)]
    assert check_solution(doc, solution) == []


def test_fills_up_from_the_next_nearest_within_every_limit() -> None:
    doc = instance()
    farm = by_id(doc["farms"], "F2")
    farm["other_n_kg"], farm["other_a_n_kg"] = 1000.0, 800.0  # A-share slack D0 = 100 kg
    farm["p2o5_room_kg"] = 100.0
    _distances(doc, {"L4": 5.0, "L1": 10.0, "L3": 20.0})
    solution = greedy_solve(doc)
    # B manure first: A-share slack 100 kg / (0.7 x 4 kg/t) = 35.714 t, which uses
    # 53.571 kg P2O5; then L1 until the 100 kg P2O5 room is full: 30.952 t.
    assert abs(_tonnes(solution, "L4", "R2") - 100.0 / 2.8) < 1e-9
    assert abs(_tonnes(solution, "L1", "R2") - (100.0 - 150.0 / 2.8) / 1.5) < 1e-9
    assert _tonnes(solution, "L3", "R2") == 0.0
    assert check_solution(doc, solution) == []


def test_keeps_the_r5_either_or() -> None:
    doc = instance()
    doc["requests"][0]["n_kg"] = 80.0  # R2 takes only L3's 10 t
    doc["distances"] = [
        {"lot": "L3", "request": "R2", "km": 5.0},
        {"lot": "L4", "request": "R3", "km": 5.0},
    ]
    solution = greedy_solve(doc)
    assert _tonnes(solution, "L3", "R2") == 10.0  # F3 exports first ...
    assert _tonnes(solution, "L4", "R3") == 0.0  # ... so it may not import B manure
    assert by_id(solution["farms"], "F3")["side"] == "exports"
    assert check_solution(doc, solution) == []


def test_skips_deliveries_that_lose_money_and_short_ones() -> None:
    doc = instance()
    doc["params"]["min_delivery_t"] = 60.0
    doc["requests"] = [by_id(doc["requests"], "R2")]
    by_id(doc["requests"], "R2")["n_kg"] = 200.0  # at most 50 t of L1: under the minimum
    _distances(doc, {"L1": 10.0, "L3": 120.0})  # L3: 16 EUR of N per t, 18 EUR transport
    solution = greedy_solve(doc)
    assert solution["flows"] == []
    assert by_id(solution["requests"], "R2")["unmet_n_kg"] == 200.0
    assert check_solution(doc, solution) == []
