"""The engine's prices and the checker's word on them, for `test_prices.py` and
`test_prices_loads.py` (`matching.prices`, `matching.check_prices`).
"""

from __future__ import annotations

from typing import Any

from matching.check import check_solution
from matching.engine import solve_instance

SOLVERS = ("highs", "cbc")


def priced(doc: dict[str, Any], solver: str = "highs") -> dict[str, Any]:
    """The engine's solution, prices included (`matching.engine` prices every component)."""
    return solve_instance(doc, solver=solver)


def problems(doc: dict[str, Any], solution: dict[str, Any]) -> list[str]:
    """What `python -m matching check` reports, the price checks included."""
    return check_solution(doc, solution)


def prices(solution: dict[str, Any]) -> dict[tuple[str, str], float]:
    return {(f["lot"], f["request"]): f["price_eur_per_t"] for f in solution["flows"]}
