"""The LP with the integer decisions fixed, solved for its shadow values (`matching.prices`).

The rows are the component's (`matching.bounds.RowSystem`) with the R5 binaries y(g) folded
into the right-hand sides at their chosen value: an organic-manure lot of a farm that
imports reads Σ x ≤ 0, a request of a farm that exports reads Σ non-organic N·x ≤ 0. The
columns are either every arc of the store, added by column generation exactly as the
engine's pricing does (`matching.pricing.Scanner`: only arcs whose reduced profit is above
1e-7 EUR/t enter), or a fixed set with bounds (the flows, when a minimum delivery or truck
loads make the other arcs closed integer decisions).

Shadow values are max-sense: y_i = ∂V/∂(the row's bound), ≥ 0 on a ≤ row (EUR per t of a
lot, per kg N of a request or an N room, per kg P2O5) and ≤ 0 on the A-share (≥) row, whose
−y is the value of one kg of A-slack. A degenerate LP has many optimal y; `extremes` gives
two of them, the one that is best for the suppliers and the one best for the receivers, by
loosening the receivers' (the suppliers') rows by a relative EPS: the optimal duals of the
loosened LP are, for EPS small enough, the optimal duals of the original that minimise the
loosened rows' y·b (the directional derivative of the LP value). Each is kept only if it is
complementary to the plan (`FixedLP.consistent`: then, being dual feasible, it is
optimal); else the original LP's own duals stand in.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from matching.bounds import RowSystem
from matching.highs import new_highs
from matching.pricing import Scanner, csc_columns
from matching.store import ArcStore

EPS = 1e-7  # relative loosening of one side's rows (t, kg)
CS_TOL = 1e-7  # EUR/t on a flow's reduced profit; relative on a row's slack × value
RECEIVER_FAMILIES = ("request", "n_room", "p2o5", "r5_import")


@dataclass(frozen=True)
class Columns:
    """Arc columns (store indices) with their bounds (t) and profit (EUR/t, max sense)."""

    arcs: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    profit: np.ndarray


def folded_bounds(system: RowSystem, sides: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) per row with each R5 binary fixed at `sides` (1: exports)."""
    lower, upper = system.lower.copy(), system.upper.copy()
    eo = system.eo
    for k, side in enumerate(sides.tolist()):
        span = slice(int(eo.starts[k]), int(eo.starts[k + 1]))
        np.subtract.at(upper, eo.rows[span], eo.values[span] * side)
    return lower, upper


def _family_rows(system: RowSystem, families: tuple[str, ...]) -> np.ndarray:
    rows = system.rows
    maps = [getattr(rows, name) for name in families]
    return np.concatenate([m[m >= 0] for m in maps]).astype(np.int64)


def loosened(
    system: RowSystem, lower: np.ndarray, upper: np.ndarray, side: str
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds with the `side` ("suppliers": lot rows; "receivers": request, N room, P2O5,
    R5 import and A-share rows) loosened by EPS. A-share rows (≥ L ≤ 0) move down by EPS
    times |L| plus the farm's requested N, their scale when L is 0."""
    lower, upper = lower.copy(), upper.copy()
    if side == "suppliers":
        lots = _family_rows(system, ("lot",))
        upper[lots] *= 1.0 + EPS
        return lower, upper
    rows = _family_rows(system, RECEIVER_FAMILIES)
    upper[rows] *= 1.0 + EPS
    p, a_rows = system.p, system.rows.a_share
    farms = np.flatnonzero(a_rows >= 0)
    asked = np.bincount(p.requests.farm, weights=p.requests.n_kg, minlength=len(p.farms.ids))
    lower[a_rows[farms]] -= EPS * (np.abs(lower[a_rows[farms]]) + asked[farms])
    return lower, upper


class FixedLP:
    """The LP in HiGHS (minimising −profit), its columns grown by pricing when `generate`."""

    def __init__(
        self, system: RowSystem, store: ArcStore, sides: np.ndarray, start: Columns, generate: bool
    ) -> None:
        self.system, self.store = system, store
        self.lower, self.upper = folded_bounds(system, sides)
        self.h = new_highs()
        self.h.setOptionValue("presolve", "off")  # each solve starts from the last basis
        count = system.rows.count
        empty = np.zeros(0, np.int32)
        self.h.addRows(count, self.lower, self.upper, 0, empty, empty, np.zeros(0))
        self.now = (self.lower, self.upper)  # the row bounds HiGHS holds
        self.scanner = Scanner(system, store) if generate else None
        self.inside = np.zeros(len(store), dtype=bool)
        self.start = start  # the plan's flows
        self._add(start)

    def _add(self, cols: Columns) -> None:
        starts, index, values = csc_columns(self.system, self.store, cols.arcs)
        self.h.addCols(
            cols.arcs.size, -cols.profit, cols.lower, cols.upper, index.size, starts, index, values
        )
        self.inside[cols.arcs] = True

    def _entering(self, dual: np.ndarray) -> Columns | None:
        if self.scanner is None:
            return None
        picks = self.scanner.price(dual, self.inside)[0]
        if picks.size == 0:
            return None
        picks = np.unique(picks)
        n = picks.size
        profit = self.store.data(picks).profit
        return Columns(picks, np.zeros(n), np.full(n, np.inf), profit)

    def solve(self, lower: np.ndarray, upper: np.ndarray) -> tuple[float, np.ndarray]:
        """(LP value in EUR, shadow values y per row) with the rows bounded by (lower, upper),
        every arc priced (column generation) when the LP was built with `generate`."""
        changed = np.flatnonzero((lower != self.now[0]) | (upper != self.now[1]))
        for i in changed.tolist():
            self.h.changeRowBounds(i, float(lower[i]), float(upper[i]))
        self.now = (lower, upper)
        while True:
            value, dual = self._run()
            fresh = self._entering(dual)
            if fresh is None:
                return value, _signed(-dual, lower, upper)
            self._add(fresh)

    def _run(self) -> tuple[float, np.ndarray]:
        """(value, HiGHS row duals); without columns the LP is 0 with all duals 0 (every
        row's bounds hold 0: lot, request and room limits ≥ 0, A-share floors ≤ 0)."""
        if self.h.getNumCol() == 0:
            return 0.0, np.zeros(self.system.rows.count)
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"fixed LP not solved: {self.h.modelStatusToString(status)}")
        value = -self.h.getInfo().objective_function_value
        return value, np.asarray(self.h.getSolution().row_dual)

    def consistent(self, y: np.ndarray, plan: np.ndarray) -> bool:
        """Whether y is complementary to the plan (tonnes on the first columns, the flows):
        every flow strictly inside its bounds prices at 0 (within CS_TOL EUR/t; at a bound
        only the other sign is barred), and every row with a value is at its bound (within
        CS_TOL relative). With dual feasibility, which pricing gives, y is then optimal."""
        cols = self.start
        r = cols.profit - self.column_use(cols.arcs, y)
        tol = CS_TOL * (1.0 + np.abs(cols.profit))
        above, below = plan > cols.lower + CS_TOL, plan < cols.upper - CS_TOL
        if np.any((above & (r < -tol)) | (below & (r > tol))):
            return False
        starts, index, values = csc_columns(self.system, self.store, cols.arcs)
        column = np.repeat(np.arange(cols.arcs.size), np.diff(np.append(starts, index.size)))
        act = np.bincount(index, values * plan[column], minlength=y.size)
        bound = np.where(y > 0, self.upper, np.where(y < 0, self.lower, act))
        gap = np.abs(y) * np.abs(np.where(np.isfinite(bound), bound - act, 0.0))
        return bool(np.all(gap <= CS_TOL * (1.0 + np.abs(y) * (np.abs(act) + 1.0))))

    def column_use(self, arcs: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Σ_i a_ij·y_i per arc: what its column's rows are worth at y (EUR/t)."""
        starts, index, values = csc_columns(self.system, self.store, arcs)
        column = np.repeat(np.arange(arcs.size), np.diff(np.append(starts, index.size)))
        return np.bincount(column, weights=values * y[index], minlength=arcs.size)

    def extremes(self, plan: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(supplier-optimal y, receiver-optimal y) for the plan (tonnes on the first
        columns): see the module docstring; a y that is not `consistent` with the plan is
        replaced by the original LP's."""
        _, y0 = self.solve(self.lower, self.upper)
        out = []
        for loosen in ("receivers", "suppliers"):
            _, y = self.solve(*loosened(self.system, self.lower, self.upper, loosen))
            out.append(y if self.consistent(y, plan) else y0)
        return out[0], out[1]


def _signed(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """y with the solver's wrong-signed noise removed: ≥ 0 on rows bounded above only, ≤ 0
    on rows bounded below only."""
    y = np.where(np.isinf(lower) & (y < 0), 0.0, y)
    return np.where(np.isinf(upper) & (y > 0), 0.0, y)
