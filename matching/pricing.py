"""Pricing arcs in: the LP relaxation over all candidate arcs, solved with only a few of them.

A national instance has millions of candidate arcs, but an optimal solution uses a few
thousand. Start from each request's and each lot's most profitable arcs, solve the LP
relaxation (R5 binaries relaxed to [0, 1]) with HiGHS directly, and price every other arc
with the row duals π: its reduced profit is r = profit − Σ_i a_i·π_i. Arcs with r > 0 are
added and the LP solved again (warm start) until none is left; then the restricted LP
optimum equals the full LP optimum. Whatever arc is left out, the bound
    B = z(restricted LP) + Σ_{j left out} max(0, r_j)·ub_j
is a valid upper bound of the full problem (LP duality with boxed columns), and any solution
better than z satisfies Σ_{r_j<0} |r_j|·x_j < B − z: the MIP fallback uses that to keep only
arcs that can still matter when a minimum delivery forces x_j ≥ m_j.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from matching.bounds import RowSystem
from matching.problem import Problem
from matching.structure import ArcData, Rows, column_entries

START_PER_ROW = 3  # most profitable arcs per request and per lot in the first LP
PRICE_TOL = 1e-7  # EUR per tonne: a reduced profit above this enters


@dataclass(frozen=True)
class Priced:
    """The LP relaxation's outcome: arcs kept, restricted LP value, full-LP bound, reduced
    profit of every candidate arc, the R5 binaries' LP values, and how many LP solves."""

    chosen: np.ndarray
    lp_value: float
    bound: float
    reduced: np.ndarray
    y: np.ndarray
    rounds: int


@dataclass(frozen=True)
class Columns:
    """Every arc's nonzeros, family by family, with −1 rows pointed at a zero dual."""

    rows: list[np.ndarray]
    values: list[np.ndarray]
    used: list[np.ndarray]  # the distinct rows of each family

    @classmethod
    def of(cls, p: Problem, rows: Rows, data: ArcData) -> Columns:
        entries = column_entries(p, rows, data)
        padded = [np.where(e.row >= 0, e.row, rows.count) for e in entries]
        return cls(padded, [e.value for e in entries], [np.unique(r) for r in padded])

    def csc(self, which: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(starts, row indices, values) of the columns of arcs `which`, column by column."""
        col, row, val = [], [], []
        for rows, values in zip(self.rows, self.values, strict=True):
            picked = rows[which]
            keep = np.flatnonzero(picked < n_rows)
            col.append(keep)
            row.append(picked[keep])
            val.append(values[which][keep])
        cols = np.concatenate(col)
        order = np.argsort(cols, kind="stable")
        starts = np.searchsorted(cols[order], np.arange(which.size))
        return (
            starts.astype(np.int32),
            np.concatenate(row)[order].astype(np.int32),
            np.concatenate(val)[order],
        )

    def reduced_profit(self, profit: np.ndarray, dual: np.ndarray) -> np.ndarray:
        """r_j = profit_j − Σ_i a_ij·π_i (π in HiGHS's minimisation convention, where the
        column cost is −profit and col_dual = cost − Aᵀπ)."""
        padded = np.append(dual, 0.0)
        r = profit.copy()
        for row, value, used in zip(self.rows, self.values, self.used, strict=True):
            if padded[used].any():  # skip families whose rows all have zero duals
                r += value * padded[row]
        return r


def _top_per_group(group: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores in each group."""
    order = np.lexsort((-score, group))
    g = group[order]
    first = np.searchsorted(g, g, side="left")
    return order[(np.arange(g.size) - first) < k]


def _best_per_group(group: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Index of the highest score in each group (the first one on ties), without sorting."""
    best = np.full(int(group.max()) + 1, -np.inf)
    np.maximum.at(best, group, score)
    hits = np.flatnonzero(score == best[group])
    _, first = np.unique(group[hits], return_index=True)
    return hits[first]


def _start(data: ArcData) -> np.ndarray:
    picks = [
        _top_per_group(data.arcs.req, data.profit, START_PER_ROW),
        _top_per_group(data.arcs.lot, data.profit, START_PER_ROW),
    ]
    return np.unique(np.concatenate(picks))


class Pricer:
    """The restricted LP in HiGHS: rows fixed, y columns first, arc columns added in rounds."""

    def __init__(self, system: RowSystem, data: ArcData) -> None:
        self.system, self.data = system, data
        self.order: list[int] = []  # arc index of each arc column, in column order
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
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
        self.columns = Columns.of(system.p, system.rows, data)
        self.inside = np.zeros(len(data), dtype=bool)
        self.fresh = _start(data)
        self.rounds = 0

    def set_sides(self, lower: np.ndarray, upper: np.ndarray) -> None:
        """Bound the R5 binaries (1: exports); the next `run` prices from the current columns."""
        for k, (lo, up) in enumerate(zip(lower.tolist(), upper.tolist(), strict=True)):
            self.h.changeColBounds(k, float(lo), float(up))
        self.fresh = np.zeros(0, dtype=np.int64)

    def _add(self, which: np.ndarray) -> None:
        starts, index, values = self.columns.csc(which, self.system.rows.count)
        self.h.addCols(
            which.size,
            -self.data.profit[which],
            np.zeros(which.size),
            self.data.ub[which],
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

    def run(self) -> Priced:
        """Column generation to the LP optimum over all arcs (see the module docstring)."""
        while True:
            if self.fresh.size:
                self._add(self.fresh)
            value, dual, y = self._solve()
            r = self.columns.reduced_profit(self.data.profit, dual)
            self.fresh = _entering(r, self.inside, self.data, max(500, self.system.rows.count))
            if self.fresh.size == 0:
                break
        out = ~self.inside
        gain = float((np.maximum(0.0, r[out]) * self.data.ub[out]).sum())
        return Priced(np.flatnonzero(self.inside), value, value + gain, r, y, self.rounds)


def _entering(r: np.ndarray, inside: np.ndarray, data: ArcData, limit: int) -> np.ndarray:
    """The best attractive arc per request and per lot, at most `limit` of them."""
    cand = np.flatnonzero((r > PRICE_TOL) & ~inside)
    if cand.size == 0:
        return cand
    picks = np.unique(
        np.concatenate(
            [
                cand[_best_per_group(data.arcs.req[cand], r[cand])],
                cand[_best_per_group(data.arcs.lot[cand], r[cand])],
            ]
        )
    )
    return picks[np.argsort(-r[picks])[:limit]]
