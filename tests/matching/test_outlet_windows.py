"""The outlet saving and the delivery windows, on tiny instances solved by hand, on both
solvers (INSTANCE.md, "Optional fields added on 2026-11-30").

Distances are overridden, so without an outlet the profit per tonne is exactly
2.0 EUR/kg × N − 0.15 EUR/t·km × km, and with one it gains outlet_eur_per_t.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from matching import solve_instance
from matching.arcs import candidate_arcs
from matching.check import check_solution
from matching.problem import Problem
from tests.matching._factories import by_id, farm, flows, instance, lot, request

SOLVERS = ["highs", "cbc"]
LOT_WINDOW = ("available_from", "available_until")
WANTED = ("wanted_from", "wanted_until")


def solve(doc: dict[str, Any], solver: str) -> dict[str, Any]:
    solution = solve_instance(doc, solver=solver)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "optimal"
    return solution


def surplus(outlet: float | None) -> dict[str, Any]:
    """F1 (organic dairy) has 100 t of cattle slurry at 4 kg N/t to move 80 km to F2, which
    wants 2,000 kg N (room for 500 t): the N pays 2 × 4 = 8 EUR/t, transport costs
    0.15 × 80 = 12 EUR/t."""
    slurry = lot("L1", "F1", tonnes=100, n=4) | {"outlet_eur_per_t": outlet}
    return instance([farm("F1"), farm("F2")], [slurry], [request("R2", "F2", 2000)], km=80.0)


@pytest.mark.parametrize("solver", SOLVERS)
def test_without_an_outlet_the_legal_surplus_stays_as_not_worth_transport(solver: str) -> None:
    """8 − 12 = −4 EUR/t: nothing moves, objective 0."""
    s = solve(surplus(None), solver)
    assert flows(s) == {}
    assert s["objective"] == pytest.approx(0.0)
    assert by_id(s["lots"])["L1"]["why_left_code"] == "not_worth_transport"


@pytest.mark.parametrize("solver", SOLVERS)
def test_the_outlet_saving_places_the_legal_surplus(solver: str) -> None:
    """Outlet 15 EUR/t (cattle slurry disposal, 2022: 12–16 EUR/t): 8 + 15 − 12 = 11 EUR/t,
    so all 100 t move (the request could take 500 t). Objective = N value 2 × 400 kg = 800
    + outlet 15 × 100 = 1,500 − transport 0.15 × 80 × 100 = 1,200 → 1,100 EUR."""
    s = solve(surplus(15.0), solver)
    assert flows(s) == pytest.approx({("L1", "R2"): 100.0})
    assert s["objective"] == pytest.approx(1100.0)
    assert by_id(s["lots"])["L1"]["why_left_code"] == "placed"


@pytest.mark.parametrize("solver", SOLVERS)
def test_an_outlet_too_small_to_cover_transport_is_named_in_the_reason(solver: str) -> None:
    """Outlet 3 EUR/t: 8 + 3 − 12 = −1 EUR/t, still nothing moves; the reason says that not
    even the outlet saving covers transport."""
    s = solve(surplus(3.0), solver)
    assert flows(s) == {}
    assert by_id(s["lots"])["L1"]["why_left_code"] == "not_worth_transport_with_outlet"


def windowed(
    lot_window: tuple[str | None, str | None], wanted: tuple[str | None, str | None]
) -> dict[str, Any]:
    """F1's 100 t of cattle slurry (5 kg N/t, 20 km: 10 − 3 = 7 EUR/t) and F2's request for
    1,000 kg N (200 t), with the given windows (first day, last day; None = open)."""
    slurry = lot("L1", "F1") | dict(zip(LOT_WINDOW, lot_window, strict=True))
    want = request("R2", "F2", 1000) | dict(zip(WANTED, wanted, strict=True))
    return instance([farm("F1"), farm("F2")], [slurry], [want])


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_window_that_does_not_overlap_closes_the_arc(solver: str) -> None:
    """Available in autumn, wanted in spring: no arc, nothing moves, and both sides are told
    the windows kept them apart."""
    doc = windowed(("2026-09-01", "2026-10-31"), ("2027-02-16", "2027-08-31"))
    assert len(candidate_arcs(Problem.read(doc))) == 0
    s = solve(doc, solver)
    assert flows(s) == {}
    assert by_id(s["lots"])["L1"]["why_left_code"] == "no_request_in_window"
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "no_supply_in_window"


@pytest.mark.parametrize("solver", SOLVERS)
def test_windows_that_share_one_day_keep_the_arc(solver: str) -> None:
    """Inclusive days: the lot's last day is the request's first. All 100 t move at 7 EUR/t:
    objective 700 EUR."""
    doc = windowed((None, "2027-02-16"), ("2027-02-16", None))
    s = solve(doc, solver)
    assert flows(s) == pytest.approx({("L1", "R2"): 100.0})
    assert s["objective"] == pytest.approx(700.0)


def calendar(month: tuple[str, str] | None) -> dict[str, Any]:
    """One request on arable sand wanting 1,000 kg N in `month` (None: any time), two lots of
    F1 at 20 km, their windows narrowed to the legal spreading period on arable land as the
    web app does (RULES "Other limits"): L1, 100 t cattle slurry at 5 kg N/t (7 EUR/t), 16 Mar
    – 31 Jul; L2, 100 t cattle solid manure at 6 kg N/t (12 − 3 = 9 EUR/t), 1 Feb – 31 Aug."""
    slurry = lot("L1", "F1", n=5) | {
        "available_from": "2027-03-16",
        "available_until": "2027-07-31",
    }
    solid = lot("L2", "F1", "cattle_solid", n=6) | {
        "available_from": "2027-02-01",
        "available_until": "2027-08-31",
    }
    want = request("R2", "F2", 1000)
    if month is not None:
        want |= {"wanted_from": month[0], "wanted_until": month[1]}
    return instance([farm("F1"), farm("F2")], [slurry, solid], [want])


@pytest.mark.parametrize("solver", SOLVERS)
def test_the_calendar_closes_the_arc_for_slurry_but_not_for_solid_manure(solver: str) -> None:
    """Wanted in February: slurry may not be spread yet, solid manure may. The solid lot's
    100 t (600 kg N) move at 9 EUR/t: objective 900 EUR; the slurry stays, outside its
    window, and the request's remaining 400 kg are unmet because the solid lot is used up."""
    s = solve(calendar(("2027-02-01", "2027-02-28")), solver)
    assert flows(s) == pytest.approx({("L2", "R2"): 100.0})
    assert s["objective"] == pytest.approx(900.0)
    assert by_id(s["lots"])["L1"]["why_left_code"] == "no_request_in_window"
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "supply_exhausted"


@pytest.mark.parametrize("solver", SOLVERS)
def test_without_the_calendar_the_slurry_fills_the_rest(solver: str) -> None:
    """Wanted any time: solid 100 t (600 kg) at 9 EUR/t, then slurry 80 t (400 kg) at
    7 EUR/t: objective 900 + 560 = 1,460 EUR."""
    s = solve(calendar(None), solver)
    assert flows(s) == pytest.approx({("L2", "R2"): 100.0, ("L1", "R2"): 80.0})
    assert s["objective"] == pytest.approx(1460.0)


def test_windows_are_named_only_where_they_alone_keep_a_lot_away() -> None:
    """R2 is near but wanted before the lot is available; R3 is wanted in time but 200 km
    away (above the 150 km limit). Windows alone keep R2 away: the reason names the windows.
    Move R2 out of reach as well and distance is the reason."""
    farms = [farm("F1"), farm("F2"), farm("F3")]
    late = lot("L1", "F1") | {"available_from": "2027-06-01"}
    early = request("R2", "F2", 500) | {"wanted_until": "2027-05-31"}
    doc = instance(farms, [late], [early, request("R3", "F3", 500)], km={("L1", "R3"): 200.0})
    doc["distances"].append({"lot": "L1", "request": "R2", "km": 20.0})
    s = solve(doc, "highs")
    assert by_id(s["lots"])["L1"]["why_left_code"] == "no_request_in_window"
    doc["distances"][-1]["km"] = 300.0
    s = solve(doc, "highs")
    assert by_id(s["lots"])["L1"]["why_left_code"] == "no_receiver_in_reach"


def _arc_pairs(doc: dict[str, Any]) -> set[tuple[str, str]]:
    p = Problem.read(doc)
    arcs = candidate_arcs(p)
    return {(p.lots.ids[a], p.requests.ids[b]) for a, b in zip(arcs.lot, arcs.req, strict=True)}


def test_windows_keep_exactly_the_arcs_whose_windows_overlap() -> None:
    """On a dozen farms with random windows over three dates and open ends, the arcs are
    exactly the window-free arcs whose windows share a day, compared here as ISO text."""
    rng = np.random.default_rng(7)
    days = [None, "2027-01-01", "2027-03-01", "2027-05-01", None]
    ends = [sorted(rng.choice(5, size=2)) for _ in range(24)]
    farms = [farm(f"F{i}", lat=52 + 0.01 * i) for i in range(12)]

    def build(timed: bool) -> dict[str, Any]:
        lots = [lot(f"L{i}", f"F{i}") for i in range(12)]
        reqs = [request(f"R{i}", f"F{i}", 100) for i in range(12)]
        for item, (a, b), names in zip(
            lots + reqs, ends, [LOT_WINDOW] * 12 + [WANTED] * 12, strict=True
        ):
            if timed:
                item |= {names[0]: days[a], names[1]: days[b]}
        return instance(farms, lots, reqs, km={})

    timed, untimed = build(True), build(False)
    window = {x["id"]: (x["available_from"], x["available_until"]) for x in timed["lots"]}
    wanted = {r["id"]: (r["wanted_from"], r["wanted_until"]) for r in timed["requests"]}

    def overlap(lot_id: str, request_id: str) -> bool:
        (a, b), (c, d) = window[lot_id], wanted[request_id]
        return (a is None or d is None or a <= d) and (c is None or b is None or c <= b)

    expected = {pair for pair in _arc_pairs(untimed) if overlap(*pair)}
    assert expected and expected != _arc_pairs(untimed)
    assert _arc_pairs(timed) == expected


@pytest.mark.parametrize(
    ("km", "code"), [(20.0, "no_supply_in_window"), (300.0, "no_supply_in_reach")]
)
def test_a_request_is_told_windows_only_where_they_alone_keep_the_supply_away(
    km: float, code: str
) -> None:
    """R2 wants N in January, L1 is available from March: within reach (20 km) the windows
    are the reason; beyond the 150 km limit distance is, windows or not."""
    doc = windowed(("2027-03-01", None), ("2027-01-01", "2027-01-31"))
    doc["distances"][0]["km"] = km
    s = solve(doc, "highs")
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == code


@pytest.mark.parametrize(
    ("r2_takes_nonorganic", "code"), [(False, "nonorganic_refused"), (True, "no_request_in_window")]
)
def test_the_gate_is_named_before_the_windows_when_each_alone_keeps_a_taker_away(
    r2_takes_nonorganic: bool, code: str
) -> None:
    """Conventional slurry, available from June, both requests in reach. R3 takes non-organic
    manure but wants it by May (windows alone). R2 wants it any time: refusing non-organic
    manure, the gate alone keeps it away and is named; taking it but also wanting it by May,
    only the windows keep anything away."""
    farms = [farm("F1", "conventional"), farm("F2"), farm("F3")]
    slurry = lot("L1", "F1", status="conventional", husbandry_ok=True)
    slurry["available_from"] = "2027-06-01"
    by_may = {"wanted_until": "2027-05-31"}
    r2 = request("R2", "F2", 500, nonorganic=r2_takes_nonorganic)
    r2 |= by_may if r2_takes_nonorganic else {}
    doc = instance(farms, [slurry], [r2, request("R3", "F3", 500, nonorganic=True) | by_may])
    s = solve(doc, "highs")
    assert by_id(s["lots"])["L1"]["why_left_code"] == code
