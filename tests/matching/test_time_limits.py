"""Time limits are kept, and a solve that ends without a feasible plan says so (issue 14).

The instance: 1,000 generated farms with a 10 t minimum delivery (a binary per arc), which
neither solver proves within 8 s on this machine. CBC once overran a 1 s limit by 1.5 s and,
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

#: Long enough that 10 % of it is more than the scheduling noise of a 2-core machine shared
#: with the suite's servers, short enough that neither solver proves the instance. No fixed
#: allowance on top: the engine reserves what follows each solve as multiples of measured
#: times (`matching.solvers.AFTER_HANDOVER`, `matching.engine.AFTER_PREPARE`), so the limit
#: holds on a slow day as on a fast one. Measured on 2026-12-01 (1,000 farms, 10 t minimum):
#: a 5 s limit held alone (HiGHS 4.73–4.91 s, CBC 4.27–4.83 s) but HiGHS took 5.66 s once
#: inside the suite, on a morning when the machine's speed halved within the hour; with 8 s
#: HiGHS 7.31–7.58 s, 7.44–7.49 s with both cores busy with other work, CBC 6.92–7.81 s.
LIMIT_S = 8.0
#: Reasons that are facts of the instance, true whatever the solver did.
FACT_CODES = REACH_CODES | {
    "category_c",
    "intermediary_not_approved",
    "intermediary_expired",
    "r5_imported_nonorganic",
    "no_supply_in_reach",
    "supply_nonorganic_refused",
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
def test_a_time_limit_is_kept_within_ten_percent(hard: dict[str, Any], solver: str) -> None:
    started = time.perf_counter()
    solution = solve_instance(hard, solver=solver, time_limit=LIMIT_S)
    wall = time.perf_counter() - started
    assert solution["status"] == "time_limit"  # it needed longer
    assert wall <= 1.1 * LIMIT_S


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
