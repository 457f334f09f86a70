"""The engine never holds every candidate arc (issue 14, item 10), yet sees exactly them:
the spatial blocks find the checker's legal arcs, the components come out as from all
arcs, and the explanations read off the arcs the engine keeps are those of every arc."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

import matching.store
from matching.arcs import Arcs, arc_chunks, candidate_arcs
from matching.check_arcs import RuleBook, legal_arcs
from matching.engine import prepare
from matching.explain_arcs import Flows, explained_arcs
from matching.problem import Problem
from matching.solution import Outcome, build_solution
from matching.structure import arc_data
from matching.tools.generate import generate_instance
from tests.matching._random_instances import random_instance


def _pairs(p: Problem, arcs: Arcs) -> dict[tuple[str, str], float]:
    return {
        (p.lots.ids[a], p.requests.ids[b]): km
        for a, b, km in zip(arcs.lot.tolist(), arcs.req.tolist(), arcs.km.tolist(), strict=True)
    }


def _spread(farms: int, seed: int, reach: float | None) -> dict[str, Any]:
    """A generated instance over the whole country with short and mixed distance limits."""
    doc = generate_instance(farms, seed)
    doc["params"]["max_distance_km"] = reach
    rng = random.Random(seed)
    for x in doc["lots"]:
        x["max_distance_km"] = rng.choice([None, 10, 35])
    return doc


@pytest.mark.parametrize(
    "doc",
    [random_instance(seed, farms=(2, 30), lots=(1, 40), requests=(0, 30)) for seed in range(25)]
    + [_spread(300, 4, 25), _spread(300, 5, 70), _spread(200, 6, None)],
)
def test_the_blocks_find_exactly_the_checkers_legal_arcs(doc: dict[str, Any]) -> None:
    p = Problem.read(doc)
    expected = {(a.lot, a.request): a.km for a in legal_arcs(RuleBook(doc))}
    found = _pairs(p, candidate_arcs(p))
    assert found.keys() == expected.keys()
    for pair, km in expected.items():
        assert found[pair] == pytest.approx(km, rel=1e-12)


def test_a_subset_of_lots_and_requests_reads_just_their_arcs() -> None:
    doc = random_instance(3, farms=(20, 30), lots=(30, 40), requests=(20, 30))
    p = Problem.read(doc)
    every = candidate_arcs(p)
    lots, reqs = np.arange(0, len(p.lots.ids), 3), np.arange(1, len(p.requests.ids), 2)
    assert _pairs(p, Arcs.concat(list(arc_chunks(p, lots=lots)))) == _pairs(
        p, every.take(np.isin(every.lot, lots))
    )
    assert _pairs(p, Arcs.concat(list(arc_chunks(p, reqs=reqs)))) == _pairs(
        p, every.take(np.isin(every.req, reqs))
    )


def test_the_labels_are_the_components_of_the_arcs() -> None:
    prepared = prepare(_spread(300, 11, 25))
    p, store = prepared.p, prepared.store
    parent = list(range(len(p.farms.ids)))

    def root(g: int) -> int:
        while parent[g] != g:
            g = parent[g]
        return g

    pairs = zip(p.lots.farm[store.lot].tolist(), p.requests.farm[store.req].tolist(), strict=True)
    for a, b in pairs:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    assert prepared.labels.tolist() == [root(g) for g in range(len(p.farms.ids))]
    assert len(set(prepared.labels.tolist())) > 3


@pytest.mark.parametrize("keep", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_reasons_over_the_kept_arcs_are_the_reasons_over_all_legal_arcs(
    seed: int, keep: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random flows and R5 sides: the solution document built from the arcs the engine
    gathers equals the one built from every legal arc (both ways of gathering them)."""
    if not keep:
        monkeypatch.setattr(matching.store, "KEEP_LEGAL_ARCS", 0)
    doc = random_instance(seed, farms=(10, 20), lots=(20, 30), requests=(10, 20))
    prepared = prepare(doc)
    p, store = prepared.p, prepared.store
    rng = np.random.default_rng(seed)
    used = np.flatnonzero(rng.random(len(store)) < 0.3)
    ub = store.data(used).ub
    tonnes = np.where(rng.random(used.size) < 0.5, ub, ub * rng.random(used.size))
    flows = Flows.of(store, [used], [tonnes])
    sides = {
        int(g): bool(rng.random() < 0.5) for g in range(len(p.farms.ids)) if rng.random() < 0.3
    }
    none = np.zeros(len(p.lots.ids), dtype=bool), np.zeros(len(p.requests.ids), dtype=bool)
    outcome = Outcome("optimal", 0.0, *none)
    data, on_data = explained_arcs(p, store.kept_legal(), store.every is not None, flows, sides)
    legal = candidate_arcs(p)
    on_legal = np.zeros(len(legal))
    where = {pair: j for j, pair in enumerate(_pairs(p, legal))}
    for pair, t in zip(_pairs(p, flows.arcs), flows.tonnes.tolist(), strict=True):
        on_legal[where[pair]] = t
    mine = build_solution(p, data, on_data, sides, outcome, {})
    full = build_solution(p, arc_data(p, legal), on_legal, sides, outcome, {})
    assert mine == full
