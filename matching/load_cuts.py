"""Valid inequalities for whole truck loads: mixed-integer rounding (MIR) of the lot and
request rows, which the solver's LP relaxation would otherwise miss.

With loads, x_j ≤ cap_j·k_j (t). A lot row Σ_j x_j ≤ T (t; with R5, ≤ T·y ≤ T) gives, for
the slack s = T − Σ_j x_j ≥ 0,
    Σ_j cap·k_j + s ≥ T,   i.e.  Σ_j k_j + s / cap ≥ b  with b = T / cap,
and MIR (Nemhauser & Wolsey, Integer and Combinatorial Optimization, II.1.7) rounds it to
    Σ_j k_j + s / (cap·f) ≥ ⌈b⌉,   f = b − ⌊b⌋ > 0:
a lot shipped in full needs ⌈T / cap⌉ loads, and each load fewer leaves cap·f t behind.
A request row Σ_j N_j·x_j ≤ n (kg N) gives, with δ = max_j N_j·cap_j, a_j = N_j·cap_j / δ and
b = n / δ, Σ_j a_j·k_j + s / δ ≥ b, and MIR in its ≥ form
    Σ_j (⌊a_j⌋ + min(1, frac(a_j) / f))·k_j + s / (δ·f) ≥ ⌈b⌉.
Each is written in x and k (s substituted): one row per lot and per request of the model
whose right-hand side is not a whole number of loads. No integer point is cut off, so the
optimum is unchanged; the relaxation only gets closer to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from matching.problem import Problem
from matching.structure import ArcData

FRACTION_TOL = 1e-6  # a right-hand side this close to a whole number of loads gets no cut


@dataclass(frozen=True)
class Cut:
    """Σ k_coef·k_j + Σ x_coef·x_j ≥ rhs over the model's arcs `arcs` (positions in data)."""

    name: str
    arcs: np.ndarray
    k_coef: np.ndarray
    x_coef: np.ndarray
    rhs: float


def _mir(a: np.ndarray, b: float) -> tuple[np.ndarray, float] | None:
    """(coefficients of k, f) of the MIR of Σ a_j·k_j + t ≥ b (t ≥ 0); None when b is whole."""
    f = b - math.floor(b)
    if f < FRACTION_TOL or f > 1 - FRACTION_TOL:
        return None
    whole = np.floor(a)
    return whole + np.minimum(1.0, (a - whole) / f), f


def _groups(owner: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(owner, kind="stable")
    cuts = np.flatnonzero(np.diff(owner[order])) + 1
    return np.split(order, cuts) if order.size else []


def lot_cuts(p: Problem, data: ArcData) -> list[Cut]:
    """One MIR row per lot (module docstring), named `lot_loads_<lot position>`."""
    out = []
    for arcs in _groups(data.arcs.lot):
        lot = int(data.arcs.lot[arcs[0]])
        cap, tonnes = float(p.lots.load_t[lot]), float(p.lots.tonnes[lot])
        rounded = _mir(np.ones(arcs.size), tonnes / cap)
        if rounded is None:
            continue
        k_coef, f = rounded
        scale = 1.0 / (cap * f)
        x_coef = np.full(arcs.size, -scale)
        rhs = math.ceil(tonnes / cap) - tonnes * scale
        out.append(Cut(f"lot_loads_{lot:09d}", arcs, k_coef, x_coef, rhs))
    return out


def _row_cut(
    name: str, arcs: np.ndarray, use: np.ndarray, limit: float, data: ArcData
) -> Cut | None:
    """The MIR of a row Σ use_j·x_j ≤ limit (use ≥ 0 per tonne) over `arcs`."""
    per_load = use * data.load_t[arcs]  # what a full load uses
    delta = float(per_load.max(initial=0.0))
    if delta <= 0 or not math.isfinite(limit):
        return None
    rounded = _mir(per_load / delta, limit / delta)
    if rounded is None:
        return None
    k_coef, f = rounded
    scale = 1.0 / (delta * f)
    return Cut(name, arcs, k_coef, -use * scale, math.ceil(limit / delta) - limit * scale)


def receiver_cuts(p: Problem, data: ArcData) -> list[Cut]:
    """One MIR row per request (kg N), per farm's N room (kg animal N) and phosphate room
    (kg P2O5), named `request_loads_…`, `n_room_loads_…`, `p2o5_loads_…` (positions)."""
    out: list[Cut | None] = []
    for arcs in _groups(data.arcs.req):
        req = int(data.arcs.req[arcs[0]])
        limit = float(p.requests.n_kg[req])
        out.append(_row_cut(f"request_loads_{req:09d}", arcs, data.n[arcs], limit, data))
    for arcs in _groups(data.farm):
        g = int(data.farm[arcs[0]])
        room, p2o5 = float(p.farms.room_left_kg[g]), float(p.farms.p2o5_room_kg[g])
        out.append(_row_cut(f"n_room_loads_{g:09d}", arcs, data.animal_n[arcs], room, data))
        out.append(_row_cut(f"p2o5_loads_{g:09d}", arcs, data.p2o5[arcs], p2o5, data))
    return [c for c in out if c is not None]


def load_cuts(p: Problem, data: ArcData) -> list[Cut]:
    """Every MIR row of the model over `data` (none without `params.loads`)."""
    if p.params.loads is None or not len(data):
        return []
    return lot_cuts(p, data) + receiver_cuts(p, data)
