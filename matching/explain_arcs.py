"""The arcs a solution document is explained from (`matching.explain`), gathered without
holding every legal arc: the flows, one legal arc of each lot and request that is placed or
met, and of the lots and requests left open only the arcs their reasons are read off,
chunk by chunk. Split from `matching.engine`, which solves; this reads the arcs again after.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np

from matching.arcs import Arcs, arc_chunks
from matching.explain import State, deciding_arcs
from matching.problem import Problem
from matching.solution import MIN_FLOW_T
from matching.store import ArcStore
from matching.structure import ArcData, arc_data

NEED_TOL = 1e-9  # relative: a lot or request this far from full gets all its arcs explained


@dataclass(frozen=True)
class Flows:
    """The arcs that carry something (store indices, ascending), their tonnes and truck
    loads (0 without `params.loads`)."""

    arcs: Arcs
    tonnes: np.ndarray
    loads: np.ndarray

    @classmethod
    def of(
        cls,
        store: ArcStore,
        used: list[np.ndarray],
        tonnes: list[np.ndarray],
        trucks: list[np.ndarray] | None = None,
    ) -> Flows:
        """The arcs `used` of each component, their `tonnes` and loads (`trucks`, 0 if None)."""
        idx = np.concatenate(used) if used else np.zeros(0, dtype=np.int64)
        t = np.concatenate(tonnes) if tonnes else np.zeros(0)
        k = np.concatenate(trucks) if trucks else np.zeros(t.size)
        carry = t >= MIN_FLOW_T
        idx, t, k = idx[carry], t[carry], k[carry]
        order = np.argsort(idx, kind="stable")
        return cls(store.arcs(idx[order]), t[order], k[order])


def explained_arcs(
    p: Problem, kept: Arcs, every: bool, flows: Flows, sides: dict[int, bool]
) -> tuple[ArcData, np.ndarray]:
    """The legal arcs the solution document needs, and their tonnes: the flows, the arc
    each lot with tonnes left and each request with N unmet has its reason read off
    (`matching.explain.deciding_arcs`), and one legal arc of every other lot and request
    (that it has one is all its reason needs). The same document as over all legal arcs
    (tests/matching/test_store.py), without holding them all. `kept` holds a legal arc of
    each lot and request, and all of them if `every`; else the arcs of the lots and requests
    left open are read again chunk by chunk, in two disjoint passes (the open lots; the
    other lots into the open requests), and of each chunk only its deciding arcs are kept:
    a plan that leaves most lots open (a time limit at the root) would otherwise hold every
    legal arc (82 million at 50,000 farms)."""
    n_req = len(p.requests.ids)
    placed = np.bincount(flows.arcs.lot, weights=flows.tonnes, minlength=len(p.lots.ids))
    met = np.bincount(
        flows.arcs.req, weights=flows.tonnes * p.lots.n_per_t[flows.arcs.lot], minlength=n_req
    )
    lot_need = placed < p.lots.tonnes * (1 - NEED_TOL)
    req_need = met < p.requests.n_kg * (1 - NEED_TOL)
    needed = lot_need[kept.lot] | req_need[kept.req]
    parts = [flows.arcs, kept.take(~needed)]  # the rest of `kept` comes with the needy
    if every:
        parts.append(kept.take(needed))
    else:
        state = State.of(p, arc_data(p, flows.arcs), flows.tonnes, sides)
        reads = arc_chunks(p, lots=np.flatnonzero(lot_need))
        if req_need.any():
            others = arc_chunks(p, lots=np.flatnonzero(~lot_need), reqs=np.flatnonzero(req_need))
            reads = itertools.chain(reads, others)
        carried = _Carried.of(p, flows)
        for chunk in reads:
            on = replace(state, tonnes=carried.on(chunk))
            a = chunk.take(deciding_arcs(p, arc_data(p, chunk), on))
            parts.append(Arcs(a.lot.astype(np.int32), a.req.astype(np.int32), a.km))
    arcs = Arcs.concat(parts)
    del parts
    key = arcs.lot * n_req + arcs.req
    _, first = np.unique(key, return_index=True)  # sorted by (lot, request); flows first
    del key
    arcs = arcs.take(first)
    return arc_data(p, arcs), on_arcs(p, arcs, flows.arcs, flows.tonnes)


@dataclass(frozen=True)
class _Carried:
    """The flows' tonnes by arc key (lot × requests + request), sorted once for every chunk
    that looks its arcs up."""

    n_req: int
    key: np.ndarray
    tonnes: np.ndarray

    @classmethod
    def of(cls, p: Problem, flows: Flows) -> _Carried:
        n_req = len(p.requests.ids)
        key = flows.arcs.lot.astype(np.int64) * n_req + flows.arcs.req
        order = np.argsort(key, kind="stable")
        return cls(n_req, key[order], flows.tonnes[order])

    def on(self, arcs: Arcs) -> np.ndarray:
        """The flows' tonnes on `arcs` (any of them, in any order); 0 on the others."""
        if not self.key.size:
            return np.zeros(len(arcs))
        wanted = arcs.lot.astype(np.int64) * self.n_req + arcs.req
        at = np.minimum(np.searchsorted(self.key, wanted), self.key.size - 1)
        return np.where(self.key[at] == wanted, self.tonnes[at], 0.0)


def on_arcs(p: Problem, arcs: Arcs, some: Arcs, values: np.ndarray) -> np.ndarray:
    """`values` of the arcs `some` placed on `arcs` (sorted by lot and request, holding
    `some`); 0 elsewhere."""
    n_req = len(p.requests.ids)
    out = np.zeros(len(arcs))
    out[np.searchsorted(arcs.lot * n_req + arcs.req, some.lot * n_req + some.req)] = values
    return out
