"""Pieces of one model solve that the component search combines: what a solve returns, how
far a MIP goes, a warm start, the arcs a second MIP needs, and the clean-up after a MIP.

After a MIP every integer is fixed at its rounded value and the LP solved again, so the side
an R5 binary, a minimum delivery or a zero number of loads closes carries exactly 0 (solvers
accept 1e-7 for 0). With whole loads that LP is built over the arcs with a load only: every
other arc is closed (x ≤ cap·0), and handing the MIP's whole model (every arc that can still
matter) to the solver again costs more than the LP itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pulp

from matching.bounds import RowSystem
from matching.loads import least_loss
from matching.model import Model, build_model
from matching.pricing import Pricer
from matching.store import ArcStore
from matching.structure import ArcData

#: A θ below every reduced profit (EUR/t): the pricer's km search then keeps every arc.
ANY_EUR_PER_T = 1e30


@dataclass(frozen=True)
class Solved:
    """One model solve: tonnes and loads per arc of `chosen`, R5 sides, value, solver bound,
    finished."""

    chosen: np.ndarray
    x: np.ndarray
    k: np.ndarray
    exports: dict[int, bool]
    objective: float
    bound: float
    finished: bool
    found: bool = True


@dataclass(frozen=True)
class Search:
    """How far one MIP solve goes: its relative gap (never below the run's), the share of
    the time left it may use, and a feasible point to start from."""

    gap: float = 0.0
    share: float = 1.0
    start: Solved | None = None


def warm(model: Model, part: ArcData, chosen: np.ndarray, farms: np.ndarray, start: Solved) -> None:
    """Initial values of `model` (over arcs `chosen`, R5 binaries of `farms`) from `start`,
    whose arcs are a subset of `chosen`."""
    where = np.searchsorted(chosen, start.chosen)
    x, k = np.zeros(chosen.size), np.zeros(chosen.size)
    x[where], k[where] = start.x, start.k
    values = x.tolist() + (k.tolist() if model.k else [])
    values += [float(start.exports.get(int(g), False)) for g in farms]
    values += (x[part.min_t > 0] > 0).astype(float).tolist()
    for var, value in zip(model.x + model.k + model.y + model.z, values, strict=True):
        var.setInitialValue(value)


def _rounded(variables: list[pulp.LpVariable]) -> np.ndarray:
    return np.round(np.array([v.varValue or 0.0 for v in variables], dtype=float))


def _fix(variables: list[pulp.LpVariable], values: np.ndarray) -> None:
    for var, value in zip(variables, values.tolist(), strict=True):
        var.lowBound = var.upBound = value


Solve = Callable[[Model], None]


def polish(model: Model, system: RowSystem, part: ArcData, solve: Solve) -> None:
    """Fix the integers of a solved MIP and solve the LP again (module docstring); the
    values end up on `model`'s variables."""
    if not model.k:
        _fix(model.binaries, _rounded(model.binaries))
        solve(model)
        return
    on = np.zeros(len(part))
    on[np.flatnonzero(part.min_t > 0)] = _rounded(model.z)
    x = fixed_lp(system, part, _rounded(model.k), _rounded(model.y), on, solve)
    for var, value in zip(model.x, x.tolist(), strict=True):
        var.varValue = value


def fixed_lp(
    system: RowSystem, part: ArcData, k: np.ndarray, y: np.ndarray, on: np.ndarray, solve: Solve
) -> np.ndarray:
    """Tonnes per arc of `part` of the LP with loads `k`, R5 sides `y` and minimum-delivery
    switches `on` fixed, built over the arcs with a load (module docstring)."""
    used = np.flatnonzero(k > 0)
    small = build_model(system, part.take(used))
    _fix(small.k, k[used])
    _fix(small.y, y)
    _fix(small.z, on[used][part.min_t[used] > 0])
    solve(small)
    x = np.zeros(len(part))
    x[used] = [v.varValue or 0.0 for v in small.x]
    return x


def without_losing_farms(best: Solved, part: ArcData, loads: bool) -> Solved:
    """`best` without the deliveries into any farm that together lose money (EUR: value·x less
    the loads' cost, `part.profit`·x without loads; `part` is the data of `best.chosen`). A MIP
    stopped at its gap or time limit may keep such a load (10,000 generated farms, 30 t loads,
    40 s: 5.9 t of slurry worth 50.4 EUR in a 57.3 EUR truck), and no price then leaves both
    the farm and its suppliers ≥ 0 (docs/prices.md). Dropping them all is feasible (the
    farm's rows are upper limits, and an A-share floor that holds at 0) and raises the
    objective by the loss."""
    if not best.found or best.chosen.size == 0:
        return best
    earn = part.value * best.x - part.load_eur * best.k if loads else part.profit * best.x
    losing = np.bincount(part.farm, earn)[part.farm] < 0.0
    if not losing.any():
        return best
    x, k = np.where(losing, 0.0, best.x), np.where(losing, 0.0, best.k)
    return replace(best, x=x, k=k, objective=best.objective - float(earn[losing].sum()))


def may_improve(store: ArcStore, pricer: Pricer, room: float) -> np.ndarray:
    """Arcs of `store` whose least loss against the LP bound under `pricer`'s last duals
    (`matching.loads.least_loss`) is below `room` = B − z (EUR): only they can be in a
    solution better than z."""
    p = store.p
    min_t = np.minimum(p.params.min_delivery_t, p.lots.tonnes)
    if p.params.loads is None:
        return pricer.above(-room / np.maximum(min_t, 1e-300))
    lots = np.full(len(p.lots.ids), -ANY_EUR_PER_T)
    if p.params.min_delivery_t > 0:
        lots = -room / np.maximum(min_t, 1e-300)
    found = []
    for idx, r in pricer.scan(lots):
        data = store.data(idx)
        loss = least_loss(r, data.load_eur, data.load_t, data.ub, data.min_t)
        found.append(idx[loss < room])
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
