"""The engine against the independent full model of `matching.tools.bench_raw` (every legal
arc, per `check_rules`, solved straight in highspy), for the random instances of
`test_engine_random.py` and `test_exported_random.py`.
"""

from __future__ import annotations

from typing import Any

from matching import solve_instance
from matching.check import check_solution
from matching.tools.bench_raw import build_raw_model, solve_raw


def optimum_and_solution(doc: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    """The full model's optimum of `doc` (to a 1e-7 gap) and the engine's solution of it,
    both optimal and the engine's breaking no rule; the tests compare the two."""
    reference = solve_raw(build_raw_model(doc), gap=1e-7, time_limit=120)
    assert reference["status"] == "Optimal"
    solution = solve_instance(doc)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "optimal"
    return reference["objective"], solution
