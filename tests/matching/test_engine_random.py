"""The engine against an independent model on random national-style instances.

`matching.tools.bench_raw` builds the full model (every legal arc, per `check_rules`, which shares
no code with the engine) straight into highspy and solves it to a 1e-7 gap. The engine,
with its pruning, pricing, decomposition and branch-and-price, must find the same optimum
within its 1e-4 gap, report a bound that is really a bound, and break no rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from matching import solve_instance
from matching.check import check_solution
from matching.tools.generate import generate_instance
from tests.matching._full_model import optimum_and_solution

GAP = 1e-4


def _variant(farms: int, seed: int, **params: Any) -> dict[str, Any]:
    doc = generate_instance(farms, seed)
    doc["params"] |= params
    return doc


CASES = {
    "plain-120": _variant(120, 1),
    "plain-250": _variant(250, 2),
    "priced-500": _variant(500, 3),
    "components-400": _variant(400, 4, max_distance_km=30),
    "min-delivery-200": _variant(200, 5, min_delivery_t=25),
    "min-delivery-priced-300": _variant(300, 8, min_delivery_t=60),
    "strict-a-share-300": _variant(300, 6, a_share_min=0.9),
    "cheap-transport-300": _variant(300, 7, transport_eur_per_t_km=0.05),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_engine_matches_the_independent_full_model(name: str) -> None:
    doc = CASES[name]
    best, solution = optimum_and_solution(doc)
    tolerance = GAP * max(1.0, abs(best))
    assert best - tolerance <= solution["objective"] <= best + 1e-6 * max(1.0, abs(best))
    assert solution["bound"] >= best - 1e-6 * max(1.0, abs(best))


def test_cbc_reaches_the_same_optimum_as_highs() -> None:
    doc = CASES["plain-120"]
    highs, cbc = solve_instance(doc), solve_instance(doc, solver="cbc")
    assert check_solution(doc, cbc) == []
    assert cbc["objective"] == pytest.approx(highs["objective"], rel=GAP)
