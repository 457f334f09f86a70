"""Time limits are kept, and a solve that ends without a feasible plan says so (issue 14).

The instance: 1,000 generated farms with a 10 t minimum delivery (a binary per arc), which
neither solver proves within 1 s on this machine. CBC once overran a 1 s limit by 1.5 s and,
finding no incumbent, handed back "time_limit, objective 0, no flows" with a reason for every
lot read off that empty plan.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from matching import solve_instance
from matching.check import check_solution
from matching.explain_reach import REACH_CODES
from matching.tools.generate import generate_instance

LIMIT_S = 1.0
#: Allowed on top of 10 % (docs/engine.md, "Time limits"): handing the model over and the
#: scheduling noise of a 2-core machine shared with other jobs. Measured on 2026-11-30: HiGHS
#: 0.99–1.09 s alone and 1.39 s once inside the whole suite; CBC, which reads its clock only
#: between the steps of its root (cut rounds, heuristics), 1.25–1.40 s alone (1.29–1.31 s with
#: the code of the day before, so no regression); telling CBC to stop earlier made it stop
#: without any plan instead. That evening the machine ran about 2.5 times slower (the engine
#: at 2,000 farms 1.9–2.8 s instead of 0.80 s, the same code): CBC took 1.31–1.44 s even with a
#: 0.05 s limit (starting, reading the model and its root before it first reads its clock),
#: 1.49–1.59 s with 1 s alone and 2.02 s inside the suite; HiGHS 0.82–1.11 s. The allowance
#: covers that day; the fault this guards against (a 1 s limit overrun by 1.5 s, 2.5 s on the
#: faster day, more on a slower one) stays outside it.
START_OVERHEAD_S = 1.2
#: Reasons that are facts of the instance, true whatever the solver did.
FACT_CODES = REACH_CODES | {
    "category_c",
    "intermediary_not_approved",
    "intermediary_expired",
    "r5_imported_nonorganic",
    "no_supply_in_reach",
    "accepts_no_kind",
    "not_worth_transport",
    "placed",
    "met",
}


@pytest.fixture(scope="module")
def hard() -> dict[str, Any]:
    doc = generate_instance(1000, seed=7)
    doc["params"]["min_delivery_t"] = 10
    return doc


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_a_one_second_limit_is_kept_within_ten_percent(hard: dict[str, Any], solver: str) -> None:
    started = time.perf_counter()
    solution = solve_instance(hard, solver=solver, time_limit=LIMIT_S)
    wall = time.perf_counter() - started
    assert solution["status"] == "time_limit"  # it needed longer
    assert wall <= 1.1 * LIMIT_S + START_OVERHEAD_S


def test_no_feasible_plan_is_no_solution_and_gives_no_reasons(hard: dict[str, Any]) -> None:
    """CBC gets no time for its search: no incumbent, and the document says so."""
    solution = solve_instance(hard, solver="cbc", time_limit=0.05)
    assert solution["status"] == "time_limit" and solution["solution_found"] is False
    assert (solution["flows"], solution["objective"]) == ([], 0.0)
    lot_codes = {row["why_left_code"] for row in solution["lots"]}
    request_codes = {row["why_unmet_code"] for row in solution["requests"]}
    assert None in lot_codes and None in request_codes
    assert (lot_codes | request_codes) - {None} <= FACT_CODES
    assert all(row["why_left"] is None for row in solution["lots"] if not row["why_left_code"])
    assert check_solution(hard, solution) == []


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_a_found_plan_says_so(solver: str) -> None:
    solution = solve_instance(generate_instance(60, seed=3), solver=solver)
    assert solution["status"] == "optimal" and solution["solution_found"] is True
    assert all(row["why_left_code"] for row in solution["lots"])
