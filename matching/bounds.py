"""Right-hand sides of the rows, and the R5 either-or in its tight (perspective) form.

Rows (kg N, kg P2O5, t), per INSTANCE.md:
    lot l:        Σ_r x(l,r)            ≤ tonnes(l)
    request r:    Σ_l N(l)·x(l,r)       ≤ n_kg(r)
    N room f:     Σ animal N·x into f   ≤ max(0, room(f) − own manure N(f))
    A-share f:    Σ (a − a_min)·N·x     ≥ min(0, D0(f)) − D0(f)
    phosphate f:  Σ P2O5·x into f       ≤ p2o5_room(f)
R5, with y(g) = 1 when farm g exports organic manure and 0 when it may import non-organic:
    organic-manure lot l of g:  Σ_r x(l,r) ≤ tonnes(l)·y(g)     (its lot row, right side 0)
    request r of g:  Σ_{non-organic l} N(l)·x(l,r) ≤ n_kg(r)·(1 − y(g))
Each big-M is the row's own limit, the smallest value that cuts off no solution, and per
lot and per request rather than per farm: the LP relaxation stays as tight as it can, which
keeps the branch-and-price tree small. `RowSystem` holds all of it for one component.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.problem import Problem
from matching.store import ArcStore
from matching.structure import Rows, layout_rows


@dataclass(frozen=True)
class EitherOr:
    """One binary per R5 farm, as columns: farm index, and the nonzeros (row, value) of each
    y column in CSC form (`starts` has one entry per column plus the end)."""

    farm: np.ndarray
    starts: np.ndarray
    rows: np.ndarray
    values: np.ndarray

    def use(self, row_value: np.ndarray, row_dual: np.ndarray, y: np.ndarray) -> SidesUsed:
        """What an LP point does with each binary's two sides (`row_value`: each row's
        activity, the y term included; `row_dual`: the rows' duals, either sign)."""
        column = np.repeat(np.arange(self.farm.size), np.diff(self.starts))
        limit = np.abs(self.values)  # the lot's tonnes, the request's N (kg)
        used = (row_value[self.rows] - self.values * y[column]) / limit  # share of limit
        worth = limit * np.abs(row_dual[self.rows])  # EUR per unit of y
        lot = self.values < 0
        lo = np.zeros(self.farm.size)
        hi = np.ones(self.farm.size)
        np.maximum.at(lo, column[lot], used[lot])
        np.minimum.at(hi, column[~lot], 1.0 - used[~lot])
        n = self.farm.size
        return SidesUsed(
            lo,
            hi,
            np.bincount(column[lot], weights=worth[lot], minlength=n),
            np.bincount(column[~lot], weights=worth[~lot], minlength=n),
        )


@dataclass(frozen=True)
class SidesUsed:
    """Per R5 binary, what an LP point uses of its two sides. Its flows allow any y in
    [lo, hi]: its organic lots' rows need y ≥ shipped / tonnes, its requests' R5 rows
    y ≤ 1 − non-organic N / n_kg; any y there gives the same flows and value, so a farm
    whose span reaches 0 (ships nothing) or 1 (takes no non-organic N) is decided, even if
    the LP's y is 0.4. `out_eur`, `in_eur` (EUR per unit of y): the row duals' worth of
    each side, Σ tonnes·|π_lot| and Σ n_kg·|π_R5| (equal when y is strictly between its
    bounds, by its zero reduced cost)."""

    lo: np.ndarray
    hi: np.ndarray
    out_eur: np.ndarray
    in_eur: np.ndarray


def either_or(p: Problem, rows: Rows) -> EitherOr:
    farms = np.flatnonzero(rows.r5)
    lots = np.flatnonzero(rows.lot >= 0)
    lots = lots[p.lots.organic_manure[lots] & rows.r5[p.lots.farm[lots]]]
    reqs = np.flatnonzero(rows.r5_import >= 0)
    owner = np.concatenate([p.lots.farm[lots], p.requests.farm[reqs]])
    row = np.concatenate([rows.lot[lots], rows.r5_import[reqs]])
    value = np.concatenate([-p.lots.tonnes[lots], p.requests.n_kg[reqs]])
    column = np.searchsorted(farms, owner)
    order = np.argsort(column, kind="stable")
    starts = np.searchsorted(column[order], np.arange(farms.size + 1))
    return EitherOr(
        farms, starts.astype(np.int32), row[order].astype(np.int32), value[order].astype(float)
    )


def row_bounds(p: Problem, rows: Rows, eo: EitherOr) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) per row; −inf/inf where a side is open."""
    lower = np.full(rows.count, -np.inf)
    upper = np.full(rows.count, np.inf)
    f = p.farms

    def put(row_map: np.ndarray, values: np.ndarray, side: np.ndarray) -> None:
        idx = np.flatnonzero(row_map >= 0)
        side[row_map[idx]] = values[idx]

    put(rows.lot, p.lots.tonnes, upper)
    put(rows.request, p.requests.n_kg, upper)
    put(rows.n_room, f.room_left_kg, upper)
    put(rows.a_share, np.minimum(0.0, f.d0) - f.d0, lower)
    put(rows.p2o5, f.p2o5_room_kg, upper)
    put(rows.r5_import, p.requests.n_kg, upper)
    exporting = eo.rows[eo.values < 0]
    upper[exporting] = 0.0  # the y column carries the lot's tonnes
    return lower, upper


@dataclass(frozen=True)
class RowSystem:
    """The rows of one component, fixed by its full (pruned) arc set: their layout, the R5
    binaries' columns and each row's (lower, upper) sides. The model and the pricer both
    build on it, over any subset of those arcs."""

    p: Problem
    rows: Rows
    eo: EitherOr
    lower: np.ndarray
    upper: np.ndarray

    @classmethod
    def of(cls, p: Problem, arcs: ArcStore) -> RowSystem:
        """The rows of the arcs in `arcs`, read chunk by chunk."""
        rows = layout_rows(p, arcs.chunks())
        eo = either_or(p, rows)
        return cls(p, rows, eo, *row_bounds(p, rows, eo))
