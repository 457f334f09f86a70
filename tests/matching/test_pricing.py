"""Pricing: the reduced profits we compute are HiGHS's own, and the bound is a bound."""

from __future__ import annotations

import numpy as np
import pytest

from matching.arcs import candidate_arcs
from matching.bounds import RowSystem
from matching.pricing import Pricer
from matching.problem import Problem
from matching.structure import arc_data, prune
from matching.tools.generate import generate_instance


@pytest.fixture(scope="module")
def priced() -> tuple[Pricer, object]:
    p = Problem.read(generate_instance(500, 3))
    data = prune(arc_data(p, candidate_arcs(p)), len(p.farms.ids))
    pricer = Pricer(RowSystem.of(p, data), data)
    return pricer, pricer.run()


def test_reduced_profit_is_minus_highs_column_dual(priced) -> None:  # type: ignore[no-untyped-def]
    pricer, result = priced
    col_dual = np.asarray(pricer.h.getSolution().col_dual)[pricer.n_y :]
    order = np.asarray(pricer.order)
    assert result.reduced[order] == pytest.approx(-col_dual, abs=1e-6)


def test_priced_lp_equals_the_lp_over_all_arcs(priced) -> None:  # type: ignore[no-untyped-def]
    pricer, result = priced
    assert result.chosen.size < len(pricer.data) / 3
    full = Pricer(pricer.system, pricer.data)
    full.fresh = np.arange(len(pricer.data))
    everything = full.run()
    assert result.lp_value == pytest.approx(everything.lp_value, rel=1e-9)
    assert result.bound >= everything.lp_value - 1e-6
