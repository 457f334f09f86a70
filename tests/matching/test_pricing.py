"""Pricing: the reduced profits we compute are HiGHS's own, and the bound is a bound."""

from __future__ import annotations

import numpy as np
import pytest

from matching.arcs import arc_chunks, candidate_arcs
from matching.bounds import RowSystem
from matching.engine import prepare
from matching.pricing import Pricer
from matching.problem import Problem
from matching.store import ArcStore, request_cells
from matching.structure import arc_data, prune
from matching.tools.generate import generate_instance


@pytest.fixture(scope="module")
def priced() -> tuple[Pricer, object]:
    store = prepare(generate_instance(500, 3)).store
    pricer = Pricer(RowSystem.of(store.p, store), store)
    return pricer, pricer.run()


def test_reduced_profit_is_minus_highs_column_dual(priced) -> None:  # type: ignore[no-untyped-def]
    pricer, _ = priced
    pricer.h.run()  # the solution again after the purge (same basis, no iteration)
    assert pricer.h.getInfo().simplex_iteration_count == 0
    col_dual = np.asarray(pricer.h.getSolution().col_dual)[pricer.n_y :]
    order = np.asarray(pricer.order)
    assert pricer.reduced(order) == pytest.approx(-col_dual, abs=1e-6)


def test_the_short_lists_hold_every_arc_above_the_threshold(priced) -> None:  # type: ignore[no-untyped-def]
    pricer, _ = priced
    every = np.arange(len(pricer.store))
    r = pricer.reduced(every)
    for theta in (0.0, -0.5, -3.0):
        found = pricer.above(np.full(len(pricer.store.p.lots.ids), theta))
        assert np.array_equal(found, np.flatnonzero(r > theta))


def test_the_store_holds_exactly_the_pruned_legal_arcs() -> None:
    doc = generate_instance(400, 5)
    doc["distances"] = doc.get("distances") or []
    p = Problem.read(doc)
    pruned = prune(arc_data(p, candidate_arcs(p)), len(p.farms.ids)).arcs
    store = ArcStore.build(p, arc_chunks(p))
    order = np.lexsort((pruned.req, pruned.km, request_cells(p)[pruned.req], pruned.lot))
    assert np.array_equal(store.lot, pruned.lot[order])
    assert np.array_equal(store.req, pruned.req[order])
    assert np.array_equal(store.km, pruned.km[order])


def test_priced_lp_equals_the_lp_over_all_arcs(priced) -> None:  # type: ignore[no-untyped-def]
    pricer, result = priced
    assert result.chosen.size < len(pricer.store) / 3
    full = Pricer(pricer.system, pricer.store)
    full.fresh = np.arange(len(pricer.store))
    everything = full.run()
    assert result.lp_value == pytest.approx(everything.lp_value, rel=1e-9)
    assert result.bound >= everything.lp_value - 1e-6


def test_one_round_bounds_the_lp_before_it_is_converged(priced) -> None:  # type: ignore[no-untyped-def]
    """A branch-and-price node may stop after any round: z + Σ max(0, r)·ub is a bound."""
    pricer, result = priced
    fresh = Pricer(pricer.system, pricer.store)
    first = fresh.step()
    assert not first.converged
    assert first.value < result.lp_value - 1.0
    assert first.bound >= result.lp_value - 1e-6


def test_an_lp_highs_does_not_finish_is_solved_once_more_from_scratch() -> None:
    """Not optimal after a warm start: cleared and run again once, then refused (its duals
    would price wrongly)."""
    store = prepare(generate_instance(300, 4)).store
    pricer = Pricer(RowSystem.of(store.p, store), store)
    pricer.h.setOptionValue("simplex_iteration_limit", 1)
    with pytest.raises(RuntimeError, match="LP relaxation not solved"):
        pricer.run()
    assert pricer.restarts == 1
    pricer.h.setOptionValue("simplex_iteration_limit", 2**31 - 1)
    assert pricer.run().lp_value > 0
