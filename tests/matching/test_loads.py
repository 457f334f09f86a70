"""Whole truck loads (`params.loads`), optima computed by hand, on both solvers.

Distances are overridden, so one load over km costs 40 + 2.5·km EUR (90 EUR at 20 km, 65 at
10 km) and N is worth 2 EUR/kg: a lot of 5 kg N/t earns 10 EUR/t before transport.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import matching.component
from matching import solve_instance
from matching.arcs import candidate_arcs
from matching.check import check_solution
from matching.load_cuts import load_cuts
from matching.mip_steps import Solved, without_losing_farms
from matching.problem import Problem
from matching.structure import arc_data
from matching.tools.bench_variants import with_loads
from matching.tools.generate import generate_instance
from tests.matching._factories import by_id, farm, flows, instance, lot, request
from tests.matching._random_instances import random_instance

LOADS = {"capacity_t": 30, "eur_per_load": 40, "eur_per_load_km": 2.5}
SOLVERS = ["highs", "cbc"]


def solve(doc: dict[str, Any], solver: str) -> dict[str, Any]:
    solution = solve_instance(doc, solver=solver)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "optimal"
    return solution


def loads(solution: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(f["lot"], f["request"]): f["loads"] for f in solution["flows"]}


def one_lot(tonnes: float, n: float, **lot_extra: Any) -> dict[str, Any]:
    """Lot L1 (tonnes, n kg N/t) of F1 and a request of 1,000 kg N at F2, 20 km apart."""
    return instance(
        [farm("F1", area=10), farm("F2")],
        [lot("L1", "F1", tonnes=tonnes, n=n) | lot_extra],
        [request("R2", "F2", 1000)],
        loads=LOADS,
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_partial_last_load_costs_a_whole_load(solver: str) -> None:
    s = solve(one_lot(70, 5), solver)  # 70 t = 2 loads of 30 t and one of 10 t
    assert flows(s) == pytest.approx({("L1", "R2"): 70.0})
    assert loads(s) == {("L1", "R2"): 3}
    assert s["flows"][0]["cost_eur"] == pytest.approx(3 * 90)
    assert s["objective"] == pytest.approx(700 - 270)  # 60 t in 2 loads would earn 420


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_lots_own_load_size_overrides_the_capacity(solver: str) -> None:
    s = solve(one_lot(70, 5, load_t=35), solver)
    assert loads(s) == {("L1", "R2"): 2}
    assert s["objective"] == pytest.approx(700 - 180)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_last_load_that_does_not_pay_stays_home(solver: str) -> None:
    # 2 kg N/t: a full load earns 30 × 4 − 90 = 30 EUR, the last 10 t 40 − 90 = −50 EUR.
    s = solve(one_lot(70, 2), solver)
    assert flows(s) == pytest.approx({("L1", "R2"): 60.0})
    assert loads(s) == {("L1", "R2"): 2}
    assert s["objective"] == pytest.approx(240 - 180)
    assert by_id(s["lots"])["L1"]["left_t"] == pytest.approx(10.0)


def two_requests(**params: Any) -> dict[str, Any]:
    """L1: 70 t at 5 kg N/t; R2 takes 200 kg N (40 t) at 20 km, R3 150 kg N (30 t) at 10 km."""
    return instance(
        [farm("F1", area=10), farm("F2"), farm("F3")],
        [lot("L1", "F1", tonnes=70, n=5)],
        [request("R2", "F2", 200), request("R3", "F3", 150)],
        km={("L1", "R2"): 20.0, ("L1", "R3"): 10.0},
        loads=LOADS,
        **params,
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_loads_split_over_two_requests(solver: str) -> None:
    s = solve(two_requests(), solver)
    assert flows(s) == pytest.approx({("L1", "R2"): 40.0, ("L1", "R3"): 30.0})
    assert loads(s) == {("L1", "R2"): 2, ("L1", "R3"): 1}
    assert s["objective"] == pytest.approx(700 - 2 * 90 - 65)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_minimum_delivery_still_applies_with_loads(solver: str) -> None:
    # R3 can take 30 t only, below the 40 t minimum: all goes to R2, which takes 40 t.
    s = solve(two_requests(min_delivery_t=40), solver)
    assert flows(s) == pytest.approx({("L1", "R2"): 40.0})
    assert loads(s) == {("L1", "R2"): 2}
    assert s["objective"] == pytest.approx(400 - 180)


def test_without_loads_flows_carry_no_loads() -> None:
    doc = one_lot(70, 5)
    del doc["params"]["loads"]
    s = solve(doc, "highs")
    assert "loads" not in s["flows"][0]
    assert s["objective"] == pytest.approx(70 * (10 - 3))  # 0.15 EUR/t·km × 20 km


@pytest.mark.parametrize("seed", range(3))
def test_the_load_cuts_keep_every_integer_point(seed: int) -> None:
    """Random integer loads and tonnes within the rows: every MIR row holds."""
    doc = random_instance(seed, farms=(8, 12), lots=(10, 15), requests=(6, 10))
    doc["params"]["loads"] = {"capacity_t": 7.5, "eur_per_load": 40, "eur_per_load_km": 2.5}
    p = Problem.read(doc)
    data = arc_data(p, candidate_arcs(p))
    rng = np.random.default_rng(seed)
    x = _feasible_flows(p, data, rng)
    k = np.ceil(x / data.load_t - 1e-9)
    for cut in load_cuts(p, data):
        left = cut.k_coef @ k[cut.arcs] + cut.x_coef @ x[cut.arcs]
        assert left >= cut.rhs - 1e-6, cut.name


def _feasible_flows(p: Problem, data: Any, rng: np.random.Generator) -> np.ndarray:
    """Flows that keep every lot, request, N-room and phosphate row: random whole loads or
    exact fills, scaled down until every row holds."""
    x = np.where(
        rng.random(len(data)) < 0.5, np.floor(data.ub / data.load_t) * data.load_t, data.ub
    )
    x *= rng.random(len(data)) < 0.4
    for owner, use, limit in (
        (data.arcs.lot, np.ones(len(data)), p.lots.tonnes),
        (data.arcs.req, data.n, p.requests.n_kg),
        (data.farm, data.animal_n, p.farms.room_left_kg),
        (data.farm, data.p2o5, p.farms.p2o5_room_kg),
    ):
        used = np.bincount(owner, weights=use * x, minlength=limit.size)
        scale = np.where(used > limit, limit / np.maximum(used, 1e-300), 1.0)
        x *= scale[owner]
    return x


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("seed", [3, 5, 6])  # 160-230 arcs; 5 and 6 with a minimum delivery
def test_the_priced_path_finds_the_whole_models_optimum(
    solver: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pricing, the first MIP and the widened MIP give the optimum of the MIP over every
    arc (within the gap)."""
    doc = random_instance(seed, farms=(60, 80), lots=(120, 150), requests=(60, 80))
    doc["params"]["loads"] = {"capacity_t": 12, "eur_per_load": 40, "eur_per_load_km": 2.5}
    whole = solve(doc, solver)
    monkeypatch.setattr(matching.component, "WHOLE_MODEL_MAX_ARCS", 0)
    priced = solve(doc, solver)
    assert priced["stats"]["pricing_rounds"] > 0
    assert priced["objective"] == pytest.approx(whole["objective"], rel=2e-4)
    assert whole["objective"] <= priced["bound"] * (1 + 1e-4)
    assert priced["objective"] <= whole["bound"] * (1 + 1e-4)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_time_limit_before_any_incumbent_still_leaves_the_rounded_lp_plan(solver: str) -> None:
    """500 generated farms, 0.2 s: the MIPs get no time, the LP's flows rounded down to whole
    loads (`matching.load_round`) are the plan, and they keep every rule."""
    doc = with_loads(generate_instance(500, 1))
    solution = solve_instance(doc, solver=solver, time_limit=0.2)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "time_limit"
    assert solution["solution_found"] is True
    assert solution["objective"] > 0.8 * solution["bound"] > 0  # 0.90 here: the LP rounded


def test_a_farm_whose_deliveries_lose_money_is_left_out_of_a_stopped_plan() -> None:
    """A MIP stopped short may keep a load that loses money (5 t of 5 kg N/t = 50 EUR of N in
    a 90 EUR truck): no price then leaves both farms ≥ 0 (docs/prices.md), and dropping it
    is feasible and worth 40 EUR more. A load that pays (30 t: 300 EUR) is kept."""
    doc = one_lot(100, 5)
    p = Problem.read(doc)
    part = arc_data(p, candidate_arcs(p))
    assert len(part) == 1 and part.load_eur[0] == pytest.approx(90.0)
    chosen = np.arange(1)
    stopped = Solved(chosen, np.array([5.0]), np.array([1.0]), {}, -40.0, 300.0, False)
    kept = without_losing_farms(stopped, part, loads=True)
    assert (kept.x.tolist(), kept.k.tolist(), kept.objective) == ([0.0], [0.0], 0.0)
    paying = Solved(chosen, np.array([30.0]), np.array([1.0]), {}, 210.0, 300.0, False)
    assert without_losing_farms(paying, part, loads=True) is paying
