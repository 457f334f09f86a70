"""A scan priced in parts on threads finds the arcs one pass finds, in the same order."""

from __future__ import annotations

import numpy as np
import pytest

import matching.parallel
import matching.scanner
from matching.bounds import RowSystem
from matching.engine import prepare
from matching.pricing import Pricer
from matching.tools.generate import generate_instance


@pytest.mark.parametrize("part_arcs", [37, 400])
def test_parts_on_threads_find_every_arc_above_the_threshold_in_order(
    monkeypatch: pytest.MonkeyPatch, part_arcs: int
) -> None:
    store = prepare(generate_instance(500, 3)).store
    pricer = Pricer(RowSystem.of(store.p, store), store)
    pricer.run()
    every = np.arange(len(store))
    r = pricer.reduced(every)
    monkeypatch.setattr(matching.scanner, "PART_ARCS", part_arcs)
    parts: list[int] = []
    in_order = matching.scanner.in_order

    def counted(work, chunks):
        parts.append(len(chunks))
        return in_order(work, chunks)

    monkeypatch.setattr(matching.scanner, "in_order", counted)
    for theta in (0.0, -0.5, -3.0):
        lots = np.full(len(store.p.lots.ids), theta)
        found, reduced = pricer.scanner.above(pricer.dual, lots)
        assert np.array_equal(found, np.flatnonzero(r > theta))
        assert reduced == pytest.approx(r[found])
    assert max(parts) > 2 * matching.parallel.THREADS  # more parts than the threads hold
