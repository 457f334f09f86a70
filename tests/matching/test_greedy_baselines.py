"""The benchmark's baselines on the hand-made instance: the raw HiGHS model finds the
hand-computed optimum (with its R5 binary), and greedy stays feasible and below it."""

from __future__ import annotations

import pytest

from matching.check import check_solution
from matching.tools.bench_raw import build_raw_model, solve_raw
from matching.tools.greedy import greedy_solve
from tests.matching._factories_check import instance

# Margins per tonne at 40 km (6 EUR/t transport): L1 2 x 4 - 6 = 2, L3 2 x 8 - 6 = 10,
# L4 2 EUR. F2 starts at D0 = 0, so B manure L4 may only follow A imports:
# 0.3 x (400 + 400) kg >= 0.7 x 4 x t(L4) gives t(L4) <= 85.714 t. F3 exporting L3 beats
# F3 importing L4 (R5 either-or): 2 x 100 + 10 x 50 + 2 x 85.714 = 871.43 EUR.
OPTIMUM_EUR = 200.0 + 500.0 + 2.0 * 240.0 / 2.8


def test_raw_model_finds_the_hand_computed_optimum() -> None:
    model = build_raw_model(instance())
    result = solve_raw(model, gap=1e-9, time_limit=None)
    assert (model.arcs, model.binaries) == (5, 1)  # L3 -> R3 is on its own farm
    assert result["objective"] == pytest.approx(OPTIMUM_EUR, rel=1e-7)


def test_raw_model_keeps_the_minimum_delivery_semi_continuous() -> None:
    doc = instance()
    doc["params"]["min_delivery_t"] = 90.0  # L4's 85.714 t are now too few: drop L4
    result = solve_raw(build_raw_model(doc), gap=1e-9, time_limit=None)
    assert result["objective"] == pytest.approx(200.0 + 500.0, rel=1e-7)


def test_greedy_is_legal_and_not_above_the_optimum() -> None:
    doc = instance()
    greedy = greedy_solve(doc)
    assert check_solution(doc, greedy) == []
    assert greedy["objective"] <= OPTIMUM_EUR + 1e-6
