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

import time
from collections.abc import Iterator
from dataclasses import dataclass

import highspy
import numpy as np

from matching.bounds import RowSystem, SidesUsed
from matching.highs import new_highs
from matching.per_group import top_per_group
from matching.scanner import ENTER_PER_GROUP, Scanner
from matching.store import ArcStore
from matching.structure import column_entries

START_PER_ROW = 3  # most profitable (nearest) arcs per lot in the first LP
#: After an LP optimum, arc columns priced below −PURGE_EUR_PER_T leave the LP when it holds
#: more than PURGE_ABOVE columns per row: column generation adds some 10,000 columns a
#: round, the optimum uses a few, and every branch-and-price node pays for each column
#: in every simplex iteration. A column that leaves is priced again like any other arc.
PURGE_EUR_PER_T = 0.01
PURGE_ABOVE = 1.0
#: Between rounds of one LP, columns are purged only above this many per row: a purged
#: column that is needed again costs a round. Measured (2026-11-30, one solve each): at
#: 10,000 farms 3 against never saves 0.7 s of 12-19 s (the root LP stays under ~50,000
#: columns), at 5,000 farms 0.4 s of 3.5 s; at 2,000 farms 1.5 costs 19 extra rounds.
PURGE_ABOVE_ROUNDS = 3.0


@dataclass(frozen=True)
class Priced:
    """The LP relaxation's outcome: the arcs in the LP (`chosen`, ascending) and their
    reduced profits, restricted LP value, full-LP bound, the R5 binaries' LP values, how
    many LP solves, the LP's tonnes on `chosen`, whether it is the LP optimum over all
    arcs (else a deadline stopped it: the bound is valid all the same, `Pricer.step`), and
    what the LP point uses of each binary's sides."""

    chosen: np.ndarray
    reduced: np.ndarray
    lp_value: float
    bound: float
    y: np.ndarray
    rounds: int
    x: np.ndarray
    converged: bool
    sides: SidesUsed


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


def _start(store: ArcStore) -> np.ndarray:
    """The START_PER_ROW nearest arcs of every lot (its most profitable ones) among the
    nearest arc of each of its groups."""
    first = store.group_starts[:-1]
    order = np.lexsort((store.km[first], store.group_lot))
    lot = store.group_lot[order]
    rank = np.arange(lot.size) - np.searchsorted(lot, lot, side="left")
    return np.sort(first[order[rank < START_PER_ROW]])


@dataclass(frozen=True)
class Step:
    """One round of column generation: the restricted LP's value, the bound z + Σ max(0, r)·ub
    over the arcs left out (EUR), the R5 binaries' LP values, whether no arc prices in
    (then bound = value up to PRICE_TOL), and what the LP point uses of each binary's sides."""

    value: float
    bound: float
    y: np.ndarray
    converged: bool
    sides: SidesUsed


class Pricer:
    """The restricted LP in HiGHS: rows fixed, y columns first, arc columns added in rounds."""

    def __init__(self, system: RowSystem, store: ArcStore) -> None:
        self.system, self.store = system, store
        self.order: list[int] = []  # arc index of each arc column, in column order
        self.h = new_highs()
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
        self.restarts = 0  # LP solves started again from scratch (`_solve`)
        self.round_s = 0.0  # what the last round took (s)

    def set_sides(self, lower: np.ndarray, upper: np.ndarray) -> None:
        """Bound the R5 binaries (1: exports); the next `step` or `run` starts from the
        current columns and the arcs the last pricing found."""
        for k, (lo, up) in enumerate(zip(lower.tolist(), upper.tolist(), strict=True)):
            self.h.changeColBounds(k, float(lo), float(up))

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

    def _solve(self) -> tuple[float, np.ndarray, np.ndarray, SidesUsed]:
        """(max-sense value, row duals, LP values of the y columns, their sides' use).
        Always to optimality:
        the duals of an unfinished LP would price wrongly and void the bound."""
        self.h.run()
        self.rounds += 1
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            # From the basis left after columns were deleted, HiGHS can stop with status
            # "Unknown" (seen on a 2,000-farm market); the same LP from scratch solves.
            self.restarts += 1
            self.h.clearSolver()
            self.h.run()
            status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"LP relaxation not solved: {self.h.modelStatusToString(status)}")
        sol = self.h.getSolution()
        value = -self.h.getInfo().objective_function_value
        y = np.asarray(sol.col_value)[: self.n_y]
        dual = np.asarray(sol.row_dual)
        return value, dual, y, self.system.eo.use(np.asarray(sol.row_value), dual, y)

    def reduced(self, which: np.ndarray) -> np.ndarray:
        """Reduced profits of the arcs `which` under the last LP's duals."""
        return self.scanner.reduced(which, self.dual)

    def above(self, theta: np.ndarray) -> np.ndarray:
        """Arcs (ascending) whose reduced profit under the last LP's duals exceeds their
        lot's θ (EUR/t per lot)."""
        return self.scanner.above(self.dual, theta)[0]

    def scan(self, theta: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(arcs, ascending; reduced profits) of every arc with r above its lot's θ under the
        last LP's duals, a chunk at a time."""
        return self.scanner.runs(self.dual, theta)

    def step(self, *, last: bool = False) -> Step:
        """One round: add the arcs the last pricing found, solve the LP, price every arc.
        Its bound is valid for the current R5 bounds even before the LP is converged. A
        `last` round purges nothing: its LP solution is read afterwards."""
        started = time.perf_counter()
        if self.fresh.size:
            self._add(self.fresh)
        value, self.dual, y, sides = self._solve()
        picks, scores, gain = self.scanner.price(self.dual, self.inside)
        self.fresh = _entering(picks, scores, self.store, max(500, self.system.rows.count))
        crowded = len(self.order) > PURGE_ABOVE_ROUNDS * self.system.rows.count
        if self.fresh.size and crowded and not last:
            self._purge()
        self.round_s = time.perf_counter() - started
        return Step(value, value + gain, y, self.fresh.size == 0, sides)

    def run(self, deadline: float | None = None) -> Priced:
        """Column generation to the LP optimum over all arcs (see the module docstring), or,
        with a `deadline` (a time.monotonic()), no further than the round that would end
        after it at the pace of the one before: at least one round."""
        while True:
            last = deadline is not None and time.monotonic() + self.round_s > deadline
            step = self.step(last=last)
            if step.converged or last:
                break
        chosen = np.flatnonzero(self.inside)
        x = np.asarray(self.h.getSolution().col_value)[self.n_y :]
        x = x[np.argsort(np.asarray(self.order, dtype=np.int64), kind="stable")]  # = chosen
        reduced = self.reduced(chosen)
        priced = Priced(
            chosen,
            reduced,
            step.value,
            step.bound,
            step.y,
            self.rounds,
            x,
            step.converged,
            step.sides,
        )
        if len(self.order) > PURGE_ABOVE * self.system.rows.count:
            self._purge()
        return priced

    def _purge(self) -> None:
        """Drop the arc columns that price below −PURGE_EUR_PER_T (all at 0: only a column
        at a bound can have a nonzero reduced profit, and at its upper bound it is ≥ 0), so
        the basis stays valid for the next solve."""
        order = np.asarray(self.order)
        drop = self.reduced(order) < -PURGE_EUR_PER_T
        if not drop.any():
            return
        columns = (self.n_y + np.flatnonzero(drop)).astype(np.int32)
        self.h.deleteCols(columns.size, columns)
        self.inside[order[drop]] = False
        self.order = order[~drop].tolist()


def _entering(idx: np.ndarray, r: np.ndarray, store: ArcStore, limit: int) -> np.ndarray:
    """The ENTER_PER_GROUP best attractive arcs per request and per lot among `idx` (each
    with r > PRICE_TOL), at most `limit` of them, ascending."""
    if idx.size == 0:
        return idx
    best = np.union1d(
        top_per_group(store.req[idx].astype(np.int64), r, ENTER_PER_GROUP),
        top_per_group(store.lot[idx].astype(np.int64), r, ENTER_PER_GROUP),
    )
    top = best[np.argsort(-r[best], kind="stable")[:limit]]
    return np.sort(idx[top])
