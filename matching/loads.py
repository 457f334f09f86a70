"""Whole truck loads (`params.loads`): the cost per load, its LP relaxation, and which arcs
can still be part of a better solution.

Per arc j = l→r, with cap_l the lot's load capacity (t; its `load_t` or
`params.loads.capacity_t`) and ub_j the arc's capacity (t, `matching.structure.arc_ub`):
    one load costs    c_j = eur_per_load + eur_per_load_km·km_j            (EUR)
    the model         x_j ≤ cap_l·k_j,  k_j ∈ {0, 1, …, ⌈ub_j / cap_l⌉},  objective − c_j·k_j
    the relaxation    k_j ≥ x_j / u_j  with  u_j = min(cap_l, ub_j)
The relaxation is valid: for x_j > 0, k_j ≥ ⌈x_j / cap_l⌉ ≥ x_j / cap_l, and k_j ≥ 1 ≥ x_j /
ub_j; with k_j at its least value the arc costs c_j / u_j per tonne, so the LP of the
pricer keeps its shape (one column per arc, a transport cost per tonne). Per lot that cost
is a constant plus a km slope (eur_per_load / cap_l + eur_per_load_km / cap_l · km) when
ub_j ≥ cap_l, and only higher when ub_j < cap_l, so the pricer's km search (which needs an
upper bound of the reduced profit) stays exact with the per-lot slope.

Which arcs can matter. Let B be the LP bound, π its duals and r_j the reduced profit (EUR/t)
of arc j in that LP. For any solution (x, k) of the integer model,
    value(x, k) ≤ B − Σ_j [penalty_j(x_j) + c_j·(k_j − x_j / u_j)]
with every term ≥ 0 (LP duality; k_j ≥ x_j / u_j). For an arc with r_j < 0 that carries
x_j > 0 its term is at least
    g_j = min(c_j, |r_j|·u_j)        (and at least |r_j|·m_j under a minimum delivery m_j)
(on 0 < x ≤ cap the term is |r|·x + c_j·(1 − x / u_j), linear in x, so its least value is at
an end: c_j as x → 0, |r_j|·u_j at x = u_j; each further load only adds). So a solution
better than z uses no arc with g_j ≥ B − z.
"""

from __future__ import annotations

import numpy as np

from matching.problem import Problem

TINY_T = 1e-9  # tonnes: the least capacity used as a divisor


def lot_transport(p: Problem) -> tuple[np.ndarray, np.ndarray]:
    """(fixed EUR/t, EUR per t·km) per lot: the least transport per tonne of an arc is
    fixed + slope·km. Without loads: (0, transport_eur_per_t_km)."""
    n = len(p.lots.ids)
    loads = p.params.loads
    if loads is None:
        return np.zeros(n), np.full(n, p.params.transport_eur_per_t_km)
    cap = p.lots.load_t
    return loads.eur_per_load / cap, loads.eur_per_load_km / cap


def load_eur(p: Problem, km: np.ndarray) -> np.ndarray:
    """c_j: EUR per load over `km` (0 without loads)."""
    loads = p.params.loads
    if loads is None:
        return np.zeros(km.shape)
    return loads.eur_per_load + loads.eur_per_load_km * km


def transport_per_t(p: Problem, lot: np.ndarray, km: np.ndarray, ub: np.ndarray) -> np.ndarray:
    """EUR per tonne of the relaxation: transport·km, or c_j / min(cap_l, ub_j) with loads."""
    if p.params.loads is None:
        return p.params.transport_eur_per_t_km * km
    cap = p.lots.load_t[lot]
    return load_eur(p, km) / np.maximum(np.minimum(cap, ub), TINY_T)


def least_loss(
    reduced: np.ndarray, cost: np.ndarray, cap: np.ndarray, ub: np.ndarray, min_t: np.ndarray
) -> np.ndarray:
    """g_j (EUR): the least a used arc costs any solution against the LP bound (module
    docstring); 0 where r_j ≥ 0. `cap` is inf and `cost` 0 without loads."""
    short = np.maximum(-reduced, 0.0)
    per_load = np.minimum(cost, short * np.minimum(cap, ub))
    return np.maximum(per_load, short * min_t)
