"""Pricing arcs in: the LP relaxation over all candidate arcs, solved with only a few of them.

A national instance has millions of candidate arcs, but an optimal solution uses a few
thousand. Start from each lot's most profitable arcs, solve the LP relaxation (R5 binaries
relaxed to [0, 1]) with HiGHS directly, and price the other arcs with the row duals π: the
reduced profit is r = profit − Σ_i a_i·π_i. Arcs with r > 0 are added and the LP solved
again (warm start) until none is left; then the restricted LP optimum equals the full LP
optimum. Whatever arc is left out, the bound
    B = z(restricted LP) + Σ_{j left out} max(0, r_j)·ub_j
is a valid upper bound of the full problem (LP duality with boxed columns), and any solution
better than z satisfies Σ_{r_j<0} |r_j|·x_j < B − z: the MIP fallback uses that to keep only
arcs that can still matter when a minimum delivery forces x_j ≥ m_j.

Pricing never computes every arc's r. Each coefficient of an arc is a lot figure times a
request or farm figure, so with HiGHS's minimisation duals d (row −1 read as d = 0)
    r(l→q) = N_l·w_c(q) + P2O5_l·d_P2O5(f_q) + d_lot(l) − transport·km
where c is the lot's class (A fraction, animal fraction, non-organic) and w_c(q) = n_value
+ d_req(q) + animal_c·d_room(f_q) + (a_c − a_min(f_q))·d_A(f_q) + nonorganic_c·d_R5(q).
With W_c the largest w_c over the requests and d_P2O5 ≤ 0, r ≤ N_l·W_c + d_lot(l) −
transport·km: an arc can only price above θ if its km is below (N_l·W_c + d_lot(l) − θ) /
transport. The store keeps each lot's arcs into one map cell in increasing km (`matching.store`);
W_c is taken over the cell's requests only, so a lot's arcs into a cell whose requests are
all met cost nothing to rule out. One `searchsorted` gives every such group's short list,
and only those arcs are priced, in chunks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import highspy
import numpy as np

from matching.bounds import RowSystem
from matching.store import CHUNK_ARCS, ArcStore
from matching.structure import arc_ub, column_entries

START_PER_ROW = 3  # most profitable (nearest) arcs per lot in the first LP
#: After an LP optimum, arc columns priced below −PURGE_EUR_PER_T leave the LP when it holds
#: more than PURGE_ABOVE columns per row: column generation adds some 10,000 columns a
#: round, the optimum uses a few, and every branch-and-price node pays for each column
#: in every simplex iteration. A column that leaves is priced again like any other arc.
PURGE_EUR_PER_T = 0.01
PURGE_ABOVE = 1.0
PRICE_TOL = 1e-7  # EUR per tonne: a reduced profit above this enters
KM_MARGIN = 1e-6  # km added to every cut-off against float rounding


@dataclass(frozen=True)
class Priced:
    """The LP relaxation's outcome: the arcs in the LP (`chosen`, ascending) and their
    reduced profits, restricted LP value, full-LP bound, the R5 binaries' LP values, and
    how many LP solves."""

    chosen: np.ndarray
    reduced: np.ndarray
    lp_value: float
    bound: float
    y: np.ndarray
    rounds: int


def csc_columns(
    system: RowSystem, store: ArcStore, which: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(starts, row indices, values) of the columns of arcs `which`, column by column."""
    entries = column_entries(system.p, system.rows, store.data(which))
    col, row, val = [], [], []
    for e in entries:
        keep = np.flatnonzero(e.row >= 0)
        col.append(keep)
        row.append(e.row[keep])
        val.append(e.value[keep])
    cols = np.concatenate(col)
    order = np.argsort(cols, kind="stable")
    starts = np.searchsorted(cols[order], np.arange(which.size))
    return (
        starts.astype(np.int32),
        np.concatenate(row)[order].astype(np.int32),
        np.concatenate(val)[order],
    )


class Scanner:
    """Exact reduced profits of a store's arcs for given duals, computed only for the arcs
    whose km lets them reach a threshold (see the module docstring)."""

    def __init__(self, system: RowSystem, store: ArcStore) -> None:
        self.system, self.store, self.p = system, store, system.p
        x = self.p.lots
        triples = np.stack([x.a, x.animal, x.nonorganic_animal.astype(float)], axis=1)
        classes, lot_class = np.unique(triples, axis=0, return_inverse=True)
        self.classes, self.lot_class = classes, lot_class.reshape(-1)
        self.req_with_row = np.flatnonzero(system.rows.request >= 0)

    def weights(self, dual: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(w per class × request, d_P2O5 per farm, d_lot per lot) for minimisation duals."""
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
        return w, d[rows.p2o5], d[rows.lot]

    def reduced(self, which: np.ndarray, dual: np.ndarray) -> np.ndarray:
        """Exact reduced profit (EUR/t) of the arcs `which`."""
        return self._exact(which, *self.weights(dual))

    def _exact(
        self, which: np.ndarray, w: np.ndarray, d_p2o5: np.ndarray, d_lot: np.ndarray
    ) -> np.ndarray:
        s, x = self.store, self.p.lots
        lot, req = s.lot[which], s.req[which]
        return (
            x.n_per_t[lot] * w[self.lot_class[lot], req]
            + x.p2o5_per_t[lot] * d_p2o5[self.p.requests.farm[req]]
            + d_lot[lot]
            - self.p.params.transport_eur_per_t_km * s.km[which]
        )

    def above(self, dual: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(arc indices, ascending; their reduced profits) of every arc whose r exceeds its
        lot's θ (`theta`, EUR/t per lot)."""
        found = list(self._runs(dual, theta))
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])

    def price(self, dual: np.ndarray, inside: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """One pricing pass over the arcs not `inside` the LP: (the best arc with r >
        PRICE_TOL per request and per lot, their r, Σ max(0, r)·ub), chunk by chunk, so a
        first round in which most arcs pay never holds them all."""
        zero = np.zeros(len(self.p.lots.ids))
        picks, scores, gain = [], [], 0.0
        for idx, r in self._runs(dual, zero):
            out = ~inside[idx]
            idx, r = idx[out], r[out]
            s = self.store
            gain += float((r * arc_ub(self.p, s.lot[idx], s.req[idx])).sum())
            good = r > PRICE_TOL
            idx, r = idx[good], r[good]
            if idx.size:
                best = np.union1d(
                    _best_per_group(s.req[idx].astype(np.int64), r),
                    _best_per_group(s.lot[idx].astype(np.int64), r),
                )
                picks.append(idx[best])
                scores.append(r[best])
        if not picks:
            return np.zeros(0, dtype=np.int64), np.zeros(0), gain
        return np.concatenate(picks), np.concatenate(scores), gain

    def _runs(self, dual: np.ndarray, theta: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(arc indices, ascending; reduced profits) of the arcs with r > θ of their lot, a
        chunk at a time. Each group (a lot's arcs into one map cell) is bounded with the best
        w_c of its cell, and only its arcs below the km cut-off are priced exactly."""
        w, d_p2o5, d_lot = self.weights(dual)
        s, x = self.store, self.p.lots
        n_cells = int(s.cell.max(initial=-1)) + 1
        best = np.full((w.shape[0], max(1, n_cells)), -np.inf)
        reqs = self.req_with_row
        for c in range(w.shape[0]):
            np.maximum.at(best[c], s.cell[reqs], w[c, reqs])
        lot = s.group_lot
        reach = (
            x.n_per_t[lot] * best[self.lot_class[lot], s.group_cell]
            + x.p2o5_per_t[lot] * max(0.0, float(d_p2o5.max(initial=0.0)))
            + d_lot[lot]
            - theta[lot]
        )
        begin, end = s.group_starts[:-1], s.group_starts[1:]
        transport = self.p.params.transport_eur_per_t_km
        if transport > 0:
            cut = np.clip(reach / transport + KM_MARGIN, -1.0, s.span)
            probe = np.arange(begin.size) * s.span + cut
            stop = np.searchsorted(s.key, probe, side="right")
        else:
            stop = np.where(reach > -KM_MARGIN, end, begin)
        stop = np.clip(stop, begin, end)
        length = stop - begin
        ends = np.cumsum(length)
        first = 0
        while first < length.size:
            base = int(ends[first - 1]) if first else 0
            last = max(int(np.searchsorted(ends, base + CHUNK_ARCS, side="right")), first + 1)
            lens = length[first:last]
            total = int(lens.sum())
            if total:
                idx = np.repeat(begin[first:last] - (np.cumsum(lens) - lens), lens)
                idx += np.arange(total)
                r = self._exact(idx, w, d_p2o5, d_lot)
                keep = r > theta[s.lot[idx]]
                yield idx[keep], r[keep]
            first = last


def _best_per_group(group: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Index of the highest score in each group (the first one on ties), without sorting."""
    best = np.full(int(group.max()) + 1, -np.inf)
    np.maximum.at(best, group, score)
    hits = np.flatnonzero(score == best[group])
    _, first = np.unique(group[hits], return_index=True)
    return hits[first]


def _start(store: ArcStore) -> np.ndarray:
    """The START_PER_ROW nearest arcs of every lot (its most profitable ones) among the
    nearest arc of each of its groups."""
    first = store.group_starts[:-1]
    order = np.lexsort((store.km[first], store.group_lot))
    lot = store.group_lot[order]
    rank = np.arange(lot.size) - np.searchsorted(lot, lot, side="left")
    return np.sort(first[order[rank < START_PER_ROW]])


class Pricer:
    """The restricted LP in HiGHS: rows fixed, y columns first, arc columns added in rounds."""

    def __init__(self, system: RowSystem, store: ArcStore) -> None:
        self.system, self.store = system, store
        self.order: list[int] = []  # arc index of each arc column, in column order
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        # Every solve after the first starts from the last basis with a bound or a few
        # columns changed: presolve would throw that basis away (2-5× slower per node).
        self.h.setOptionValue("presolve", "off")
        count, eo = system.rows.count, system.eo
        empty = np.zeros(0, np.int32)
        self.h.addRows(count, system.lower, system.upper, 0, empty, empty, np.zeros(0))
        n_y = eo.farm.size
        self.h.addCols(
            n_y,
            np.zeros(n_y),
            np.zeros(n_y),
            np.ones(n_y),
            eo.rows.size,
            eo.starts[:-1],
            eo.rows,
            eo.values,
        )
        self.n_y = n_y
        self.scanner = Scanner(system, store)
        self.inside = np.zeros(len(store), dtype=bool)
        self.fresh = _start(store)
        self.dual = np.zeros(count)
        self.rounds = 0

    def set_sides(self, lower: np.ndarray, upper: np.ndarray) -> None:
        """Bound the R5 binaries (1: exports); the next `run` prices from the current columns."""
        for k, (lo, up) in enumerate(zip(lower.tolist(), upper.tolist(), strict=True)):
            self.h.changeColBounds(k, float(lo), float(up))
        self.fresh = np.zeros(0, dtype=np.int64)

    def _add(self, which: np.ndarray) -> None:
        data = self.store.data(which)
        starts, index, values = csc_columns(self.system, self.store, which)
        self.h.addCols(
            which.size,
            -data.profit,
            np.zeros(which.size),
            data.ub,
            index.size,
            starts,
            index,
            values,
        )
        self.inside[which] = True
        self.order += which.tolist()

    def _solve(self) -> tuple[float, np.ndarray, np.ndarray]:
        """(max-sense value, row duals, LP values of the y columns). Always to optimality:
        the duals of an unfinished LP would price wrongly and void the bound."""
        self.h.run()
        self.rounds += 1
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"LP relaxation not solved: {self.h.modelStatusToString(status)}")
        sol = self.h.getSolution()
        value = -self.h.getInfo().objective_function_value
        return value, np.asarray(sol.row_dual), np.asarray(sol.col_value)[: self.n_y]

    def reduced(self, which: np.ndarray) -> np.ndarray:
        """Reduced profits of the arcs `which` under the last LP's duals."""
        return self.scanner.reduced(which, self.dual)

    def above(self, theta: np.ndarray) -> np.ndarray:
        """Arcs (ascending) whose reduced profit under the last LP's duals exceeds their
        lot's θ (EUR/t per lot)."""
        return self.scanner.above(self.dual, theta)[0]

    def run(self) -> Priced:
        """Column generation to the LP optimum over all arcs (see the module docstring)."""
        limit = max(500, self.system.rows.count)
        while True:
            if self.fresh.size:
                self._add(self.fresh)
            value, self.dual, y = self._solve()
            picks, scores, gain = self.scanner.price(self.dual, self.inside)
            self.fresh = _entering(picks, scores, self.store, limit)
            if self.fresh.size == 0:
                break
        chosen = np.flatnonzero(self.inside)
        priced = Priced(chosen, self.reduced(chosen), value, value + gain, y, self.rounds)
        self._purge()
        return priced

    def _purge(self) -> None:
        """Drop the arc columns that price below −PURGE_EUR_PER_T (all at 0: only a column
        at a bound can have a nonzero reduced profit, and at its upper bound it is ≥ 0), so
        the basis stays valid for the next solve."""
        if len(self.order) <= PURGE_ABOVE * self.system.rows.count:
            return
        order = np.asarray(self.order)
        drop = self.reduced(order) < -PURGE_EUR_PER_T
        if not drop.any():
            return
        columns = (self.n_y + np.flatnonzero(drop)).astype(np.int32)
        self.h.deleteCols(columns.size, columns)
        self.inside[order[drop]] = False
        self.order = order[~drop].tolist()


def _entering(idx: np.ndarray, r: np.ndarray, store: ArcStore, limit: int) -> np.ndarray:
    """The best attractive arc per request and per lot among `idx` (each with r >
    PRICE_TOL), at most `limit` of them, ascending."""
    if idx.size == 0:
        return idx
    best = np.union1d(
        _best_per_group(store.req[idx].astype(np.int64), r),
        _best_per_group(store.lot[idx].astype(np.int64), r),
    )
    top = best[np.argsort(-r[best], kind="stable")[:limit]]
    return np.sort(idx[top])
