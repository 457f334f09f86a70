"""Hundreds of small random instances over every rule, each solved by the engine (both
solvers, and with pricing and branch-and-price forced on) and by the independent full
model of `matching.tools.bench_raw`: same optimum within the gap, a true bound, no violation."""

from __future__ import annotations

import pytest

import matching.component
from matching import solve_instance
from matching.check import check_solution
from matching.tools.bench_raw import build_raw_model, solve_raw
from tests.matching._random_instances import random_instance

GAP = 1e-4


def _reference(doc: dict) -> float:
    result = solve_raw(build_raw_model(doc), gap=1e-9, time_limit=60)
    assert result["status"] in ("Optimal", "Empty")  # Empty: no legal arc at all
    return float(result["objective"]) if result["status"] == "Optimal" else 0.0


def _agrees(doc: dict, solver: str) -> None:
    best = _reference(doc)
    solution = solve_instance(doc, solver=solver)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "optimal"
    assert solution["objective"] == pytest.approx(best, abs=GAP * max(1.0, abs(best)) + 1e-6)
    assert solution["bound"] >= best - 1e-6 * max(1.0, abs(best))


@pytest.mark.parametrize("block", range(4))
@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_small_instances_agree_with_the_full_model(block: int, solver: str) -> None:
    for seed in range(block * 50, block * 50 + 50):
        _agrees(random_instance(seed), solver)


@pytest.mark.parametrize("block", range(3))
def test_priced_path_agrees_on_larger_instances(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every component goes through pricing and branch-and-price, however small."""
    monkeypatch.setattr(matching.component, "WHOLE_MODEL_MAX_ARCS", 0)
    for seed in range(1000 + block * 25, 1000 + block * 25 + 25):
        doc = random_instance(seed, farms=(8, 30), lots=(8, 40), requests=(4, 30))
        _agrees(doc, "highs" if seed % 3 else "cbc")
