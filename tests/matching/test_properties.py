"""Properties over random instances drawn by hypothesis (no wall-clock limits):
every solution passes the independent check, decomposed and whole solves agree, and CBC
and HiGHS agree on the objective within the gap."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import merge_solutions, solve_instance, split_instance
from matching.check import check_solution
from tests.matching._random_instances import random_instance

GAP = 1e-4
SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
sizes = st.sampled_from([((2, 9), (1, 8), (0, 6)), ((8, 30), (8, 40), (4, 30))])


@SETTINGS
@given(seed=st.integers(0, 10**9), size=sizes)
def test_every_solution_passes_the_independent_check(seed: int, size: tuple) -> None:
    farms, lots, requests = size
    doc = random_instance(seed, farms=farms, lots=lots, requests=requests)
    solution = solve_instance(doc)
    assert solution["status"] == "optimal"
    assert check_solution(doc, solution) == []
    assert solution["bound"] >= solution["objective"]


@SETTINGS
@given(seed=st.integers(0, 10**9))
def test_decomposed_and_whole_solves_agree(seed: int) -> None:
    doc = random_instance(seed, farms=(8, 30), lots=(8, 40), requests=(4, 30))
    whole = solve_instance(doc)
    merged = merge_solutions(doc, [solve_instance(part) for part in split_instance(doc)])
    assert check_solution(doc, merged) == []
    assert merged["objective"] == pytest.approx(
        whole["objective"], abs=GAP * max(1.0, abs(whole["objective"]))
    )


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**9))
def test_cbc_and_highs_agree_within_the_gap(seed: int) -> None:
    doc = random_instance(seed, farms=(8, 30), lots=(8, 40), requests=(4, 30))
    highs, cbc = solve_instance(doc), solve_instance(doc, solver="cbc")
    assert check_solution(doc, cbc) == []
    assert cbc["objective"] == pytest.approx(
        highs["objective"], abs=GAP * max(1.0, abs(highs["objective"])) + 1e-6
    )
