"""A time limit shorter than the root LP stops its pricing (issue 14: limits kept).

Pricing used to run the root LP to its optimum whatever the limit, so at 10,000 farms a
limit of 4–8 s ended after 8.0–9.2 s. Each round of column generation gives a valid bound
(`matching.pricing`), so the root can stop after any round: the R5 binaries are then its
LP values rounded and the plan is the LP over the arcs priced so far. These tests take the
wall clock out: a limit that has passed before the first solve gives exactly one round of
the root and one at the rounded binaries.
"""

from __future__ import annotations

from typing import Any

import pytest

from matching import solve_instance
from matching.check import check_solution
from matching.tools.generate import generate_instance


@pytest.fixture(scope="module")
def market() -> dict[str, Any]:
    return generate_instance(2000, seed=5)


@pytest.fixture(scope="module")
def optimum(market: dict[str, Any]) -> dict[str, Any]:
    solution = solve_instance(market)
    assert solution["status"] == "optimal"
    assert solution["stats"]["pricing_rounds"] > 6  # the root LP takes rounds to price
    assert solution["stats"]["branch_nodes"] > 0
    return solution


@pytest.fixture(scope="module")
def cut(market: dict[str, Any]) -> dict[str, Any]:
    return solve_instance(market, time_limit=1e-6)


def test_a_passed_deadline_prices_one_round_and_skips_branching(
    market: dict[str, Any], optimum: dict[str, Any], cut: dict[str, Any]
) -> None:
    assert cut["status"] == "time_limit" and cut["solution_found"] is True
    assert cut["stats"]["pricing_rounds"] == 2  # the root's first round; one at its sides
    assert cut["stats"]["branch_nodes"] == 0
    assert check_solution(market, cut) == []


def test_the_stopped_roots_bound_is_valid_and_its_plan_no_better(
    optimum: dict[str, Any], cut: dict[str, Any]
) -> None:
    tolerance = 1e-6 * max(1.0, abs(optimum["objective"]))
    assert cut["bound"] >= optimum["objective"] - tolerance
    assert cut["objective"] <= optimum["objective"] + tolerance
    assert 0 < cut["objective"] <= cut["bound"]


def test_a_plan_short_of_its_lp_optimum_carries_no_prices(
    optimum: dict[str, Any], cut: dict[str, Any]
) -> None:
    """Prices come from the LP at the plan's R5 sides over every arc; the stopped pricing
    did not reach it, and finishing it for the prices would take the time the limit cut."""
    assert cut["flows"] and all("price_eur_per_t" not in flow for flow in cut["flows"])
    assert all("price_eur_per_t" in flow for flow in optimum["flows"])
