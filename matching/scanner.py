"""Exact reduced profits of a store's arcs, computed only where they can reach a threshold.

With HiGHS's minimisation duals d (row −1 read as d = 0), an arc l→q has
    r(l→q) = N_l·w_c(q) + P2O5_l·d_P2O5(f_q) + d_lot(l) + outlet_l − transport_l(km)
(`matching.pricing` derives it). The transport per tonne is at least fixed_l + slope_l·km
(`matching.loads.lot_transport`: 0 + transport·km without loads), so within a group of arcs
(one lot, one map cell, in increasing km) r can only exceed θ below km = reach / slope_l;
one `searchsorted` finds every group's short list and only those arcs are priced exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from matching.bounds import RowSystem
from matching.loads import lot_transport, transport_per_t
from matching.parallel import in_order
from matching.per_group import top_per_group
from matching.store import CHUNK_ARCS, ArcStore
from matching.structure import arc_ub

PRICE_TOL = 1e-7  # EUR per tonne: a reduced profit above this enters
KM_MARGIN = 1e-6  # km added to every cut-off against float rounding
#: A pricing pass offers the best ENTER_PER_GROUP attractive arcs of every lot and of every
#: request (`Scanner.price`, `matching.pricing`). Measured (2026-12-02, seed 1, one solve
#: each, 1 against 3): column generation rounds 39 → 34 at 2,000 farms, 103 → 94 at 5,000,
#: 45 → 37 at 10,000 (total 10.8 → 9.6 s), 39 → 26 at 20,000 (34.7 → 28.7 s); 5 arcs with a
#: larger round limit gained nothing more.
ENTER_PER_GROUP = 3
#: A scan that prices at least 2·PART_ARCS arcs does it in parts of about PART_ARCS (each
#: group of arcs whole) on threads (`matching.parallel`).
PART_ARCS = 200_000
_Part = tuple[np.ndarray, np.ndarray]  # (first arc, arc count) of each group of a part


class Scanner:
    """Exact reduced profits of a store's arcs for given duals, computed only for the arcs
    whose km lets them reach a threshold (see the module docstring and `matching.pricing`)."""

    def __init__(self, system: RowSystem, store: ArcStore) -> None:
        self.system, self.store, self.p = system, store, system.p
        x = self.p.lots
        triples = np.stack([x.a, x.animal, x.nonorganic_animal.astype(float)], axis=1)
        classes, lot_class = np.unique(triples, axis=0, return_inverse=True)
        self.classes, self.lot_class = classes, lot_class.reshape(-1)
        self.req_with_row = np.flatnonzero(system.rows.request >= 0)
        fixed, self.slope = lot_transport(self.p)
        self.fixed = fixed  # EUR/t per lot: the least transport is fixed + slope·km
        self.groups = _Groups.of(store, self.lot_class)

    def weights(self, dual: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(w per class × request, d_P2O5 per farm, d_lot + outlet per lot) for minimisation
        duals."""
        rows, p = self.system.rows, self.p
        d = np.append(dual, 0.0)  # a row number −1 reads the 0 at the end
        f = p.requests.farm
        room, a_row = d[rows.n_room][f], d[rows.a_share][f]
        c = self.classes
        w = (
            p.params.n_value_eur_per_kg
            + d[rows.request][None, :]
            + c[:, 1:2] * room[None, :]
            + (c[:, 0:1] - p.farms.a_min[f][None, :]) * a_row[None, :]
            + c[:, 2:3] * d[rows.r5_import][None, :]
        )
        return w, d[rows.p2o5], d[rows.lot] + p.lots.outlet_eur_per_t

    def reduced(self, which: np.ndarray, dual: np.ndarray) -> np.ndarray:
        """Exact reduced profit (EUR/t) of the arcs `which`."""
        return self._exact(which, *self.weights(dual))

    def _exact(
        self, which: np.ndarray, w: np.ndarray, d_p2o5: np.ndarray, d_lot: np.ndarray
    ) -> np.ndarray:
        s, x = self.store, self.p.lots
        lot, req = s.lot[which], s.req[which]
        if self.p.params.loads is None:
            transport = self.p.params.transport_eur_per_t_km * s.km[which]
        else:
            ub = arc_ub(self.p, lot, req)
            transport = transport_per_t(self.p, lot, s.km[which], ub)
        return (
            x.n_per_t[lot] * w[self.lot_class[lot], req]
            + x.p2o5_per_t[lot] * d_p2o5[self.p.requests.farm[req]]
            + d_lot[lot]
            - transport
        )

    def above(self, dual: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(arc indices, ascending; their reduced profits) of every arc whose r exceeds its
        lot's θ (`theta`, EUR/t per lot)."""
        found = list(self.runs(dual, theta))
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])

    def price(self, dual: np.ndarray, inside: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """One pricing pass over the arcs not `inside` the LP: (the ENTER_PER_GROUP best
        arcs with r > PRICE_TOL per request and per lot, their r, Σ max(0, r)·ub), chunk
        by chunk, so a first round in which most arcs pay never holds them all."""
        zero = np.zeros(len(self.p.lots.ids))
        picks, scores, gain = [], [], 0.0
        for idx, r in self.runs(dual, zero):
            out = ~inside[idx]
            idx, r = idx[out], r[out]
            s = self.store
            gain += float((r * arc_ub(self.p, s.lot[idx], s.req[idx])).sum())
            good = r > PRICE_TOL
            idx, r = idx[good], r[good]
            if idx.size:
                best = np.union1d(
                    top_per_group(s.req[idx].astype(np.int64), r, ENTER_PER_GROUP),
                    top_per_group(s.lot[idx].astype(np.int64), r, ENTER_PER_GROUP),
                )
                picks.append(idx[best])
                scores.append(r[best])
        if not picks:
            return np.zeros(0, dtype=np.int64), np.zeros(0), gain
        return np.concatenate(picks), np.concatenate(scores), gain

    def _cut(self, reach: np.ndarray) -> np.ndarray:
        """Per group, the km below which its arcs can reach: reach / slope (every arc when
        the slope is 0 and reach ≥ 0, none when reach < 0)."""
        loads = self.p.params.loads
        lot = self.store.group_lot
        slope = self.slope[lot] if loads is not None else self.p.params.transport_eur_per_t_km
        if np.all(slope > 0):
            return reach / slope + KM_MARGIN
        flat = np.where(reach > -KM_MARGIN, np.inf, -np.inf)
        return np.where(slope > 0, reach / np.where(slope > 0, slope, 1.0) + KM_MARGIN, flat)

    def runs(self, dual: np.ndarray, theta: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(arc indices, ascending; reduced profits) of the arcs with r > θ of their lot, a
        chunk at a time. Each group (a lot's arcs into one map cell) is bounded with the best
        w_c of its cell, and only its arcs below the km cut-off are priced exactly: most
        groups are wholly out of reach or wholly in it (their nearest and farthest km
        decide), the rest are cut with one `searchsorted`."""
        w, d_p2o5, d_lot = self.weights(dual)
        s, g = self.store, self.groups
        best = np.full((w.shape[0], g.n_cells), -np.inf)
        reqs = self.req_with_row
        for c in range(w.shape[0]):
            np.maximum.at(best[c], s.cell[reqs], w[c, reqs])
        per_lot = d_lot - theta if self.p.params.loads is None else d_lot - self.fixed - theta
        reach = (
            g.n_per_t * best.ravel()[g.cell_of_class]
            + g.p2o5_per_t * max(0.0, float(d_p2o5.max(initial=0.0)))
            + per_lot[s.group_lot]
        )
        cut = self._cut(reach)
        some = np.flatnonzero(cut >= g.first_km)
        begin, stop = s.group_starts[some], s.group_starts[some + 1]
        part = np.flatnonzero(cut[some] < g.last_km[some])
        probe = some[part] * s.span + cut[some[part]]
        found = np.searchsorted(s.key, probe, side="right")
        stop[part] = np.clip(found, begin[part], stop[part])
        length = stop - begin
        ends = np.cumsum(length)
        size = CHUNK_ARCS if int(ends[-1:].sum()) < 2 * PART_ARCS else PART_ARCS
        parts = []
        first = 0
        while first < length.size:
            base = int(ends[first - 1]) if first else 0
            last = max(int(np.searchsorted(ends, base + size, side="right")), first + 1)
            if ends[last - 1] > base:
                parts.append((begin[first:last], length[first:last]))
            first = last

        def exact(chunk: _Part) -> tuple[np.ndarray, np.ndarray]:
            begins, lens = chunk
            idx = np.repeat(begins - (np.cumsum(lens) - lens), lens)
            idx += np.arange(idx.size)
            r = self._exact(idx, w, d_p2o5, d_lot)
            keep = r > theta[s.lot[idx]]
            return idx[keep], r[keep]

        if len(parts) < 2:
            yield from map(exact, parts)
        else:
            yield from in_order(exact, parts)


@dataclass(frozen=True)
class _Groups:
    """What `Scanner.runs` needs of each group of the store (one lot, one map cell), fixed
    for the store: the lot's N and P2O5 per tonne, the position of (lot class, cell) in the
    class × cell table of best w, and the group's nearest and farthest km."""

    n_per_t: np.ndarray
    p2o5_per_t: np.ndarray
    cell_of_class: np.ndarray
    first_km: np.ndarray
    last_km: np.ndarray
    n_cells: int

    @classmethod
    def of(cls, store: ArcStore, lot_class: np.ndarray) -> _Groups:
        lots, lot = store.p.lots, store.group_lot
        n_cells = max(1, int(store.cell.max(initial=-1)) + 1)
        starts = store.group_starts
        return cls(
            lots.n_per_t[lot],
            lots.p2o5_per_t[lot],
            lot_class[lot] * n_cells + store.group_cell,
            store.km[starts[:-1]],
            store.km[starts[1:] - 1],
            n_cells,
        )
