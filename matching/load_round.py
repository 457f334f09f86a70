"""A feasible point with whole loads from the LP relaxation: the first MIP's warm start.

A MIP solver stopped by a time limit before its first incumbent leaves no plan at all; on
a national instance with loads HiGHS may not finish its root in the time given. This point
is always there. From the priced LP's tonnes x* (which keep every row):
1. each flow keeps its partial last load where that load pays for itself (value·(x* −
   cap·⌊x* / cap⌋) > c), else goes down to whole loads, x = cap·⌊x* / cap⌋ (never more than
   x*); then to 0 where that is below the minimum delivery;
2. each R5 farm takes the side its LP value rounds to; the side it does not take is closed
   (its organic lots ship nothing when it imports, its non-organic imports are 0 when it
   exports);
3. a farm whose A-share row (Σ (a − a_min)·N·x ≥ L, L ≤ 0) no longer holds gets none of the
   flows that lower its A-share (the rest only raise the left side, and 0 ≥ L).
Every ≤ row has non-negative coefficients, so lowering flows keeps it; the point is
feasible, and its value Σ value·x − c·k is a lower bound of the optimum.
"""

from __future__ import annotations

import numpy as np

from matching.bounds import RowSystem
from matching.mip_steps import Solved
from matching.pricing import Priced
from matching.store import ArcStore
from matching.structure import ArcData


def _sides(system: RowSystem, data: ArcData, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Step 2: flows of the closed R5 sides set to 0."""
    p, rows = system.p, system.rows
    side = np.full(len(p.farms.ids), -1.0)
    side[system.eo.farm] = y
    lot = data.arcs.lot
    sender = side[p.lots.farm[lot]]
    closed = (rows.lot[lot] >= 0) & p.lots.organic_manure[lot] & (sender == 0)
    importing = p.lots.nonorganic_animal[lot] & (rows.r5_import[data.arcs.req] >= 0)
    closed |= importing & (side[data.farm] == 1)
    return np.where(closed, 0.0, x)


def _a_share(system: RowSystem, data: ArcData, x: np.ndarray) -> np.ndarray:
    """Step 3: a farm whose A-share row fails loses its flows that lower the A-share."""
    rows = system.rows.a_share[data.farm]
    has = rows >= 0
    left = np.zeros(system.rows.count)
    np.add.at(left, rows[has], (data.a_slope * x)[has])
    failing = np.zeros(system.rows.count, dtype=bool)
    failing[rows[has]] = left[rows[has]] < system.lower[rows[has]]
    drop = has & (data.a_slope < 0) & failing[np.where(has, rows, 0)]
    return np.where(drop, 0.0, x)


def rounded_start(system: RowSystem, store: ArcStore, relaxed: Priced, arcs: np.ndarray) -> Solved:
    """The feasible point of the module docstring over `arcs` (ascending, a subset of the
    priced arcs `relaxed.chosen` holding every arc the LP uses)."""
    keep = np.searchsorted(relaxed.chosen, arcs)
    data = store.data(arcs)
    lp = np.clip(relaxed.x[keep], 0.0, data.ub)
    whole = np.minimum(np.floor(lp / data.load_t + 1e-9) * data.load_t, lp)
    x = np.where(data.value * (lp - whole) > data.load_eur, lp, whole)
    x = np.where(x < data.min_t, 0.0, x)
    y = np.round(np.clip(relaxed.y, 0.0, 1.0))
    x = _a_share(system, data, _sides(system, data, x, y))
    k = np.ceil(x / data.load_t - 1e-9)
    exports = {int(g): bool(s) for g, s in zip(system.eo.farm, y.tolist(), strict=True)}
    value = float(data.value @ x - data.load_eur @ k)
    return Solved(arcs, x, k, exports, value, np.inf, False)
