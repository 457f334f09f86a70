"""The PuLP model of INSTANCE.md over a set of arcs: a pipeline of named steps.

Variables x(l,r) ≥ 0 (t) per arc with its capacity as upper bound; y(g) ∈ {0, 1} per R5
farm (1: exports organic manure, 0: may import non-organic manure); z(l,r) ∈ {0, 1} per arc
when a minimum delivery is set (x = 0 or x ≥ m); k(l,r) ∈ ℕ loads per arc with `params.loads`
(x ≤ capacity·k, `matching.loads`). Rows as in `matching.bounds`. Objective: maximise
Σ (n_value·N + outlet − transport·km)·x, or with loads Σ (n_value·N + outlet)·x − c·k (EUR).
Every expression is built in bulk from lists (`LpAffineExpression`).

Names are built from positions, never from ids: `x_000000003_000000007` is lot 3 to
request 7, `lot_000000003`, `n_room_000000002` (farm 2), `exports_000000002`. The index → id
map is the `Problem`'s id lists (`p.lots.ids[3]`, `p.requests.ids[7]`, `p.farms.ids[2]`).
An id may hold any text; PuLP rewrites characters it does not allow in names, so ids in
names could make two variables one name and a solver fail; positions are unique and legal
everywhere. They are zero-padded because PuLP orders the columns by name: padded, that is
the arc order, the same in a part of an instance (`split_instance`) as in the whole, so
both solve to the same last bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pulp

from matching.bounds import EitherOr, RowSystem
from matching.load_cuts import load_cuts
from matching.structure import ArcData, column_entries


@dataclass
class Model:
    """The PuLP problem and its variables, in arc order."""

    prob: pulp.LpProblem
    x: list[pulp.LpVariable]
    y: list[pulp.LpVariable]
    z: list[pulp.LpVariable] = field(default_factory=list)
    k: list[pulp.LpVariable] = field(default_factory=list)  # loads per arc (`params.loads`)

    @property
    def binaries(self) -> list[pulp.LpVariable]:
        """Every integer variable (R5 sides, minimum-delivery switches, loads)."""
        return self.y + self.z + self.k

    def add(
        self, terms: Sequence[tuple[pulp.LpVariable, float]], sense: int, rhs: float, name: str
    ) -> None:
        """Add Σ terms (sense) rhs under `name` (made of positions, unique per row)."""
        expr = pulp.LpAffineExpression(terms)
        self.prob.addConstraint(pulp.LpConstraint(expr, sense, name, float(rhs)))


def _pos(index: int) -> str:
    """A position as it appears in names: zero-padded, so names sort in numeric order."""
    return f"{index:09d}"


def _arc_label(data: ArcData, arc: int) -> str:
    """`lot_request` positions of an arc, the suffix of its variable names."""
    return f"{_pos(int(data.arcs.lot[arc]))}_{_pos(int(data.arcs.req[arc]))}"


def add_variables(data: ArcData, eo: EitherOr) -> Model:
    prob = pulp.LpProblem("mestmatch", pulp.LpMaximize)
    model = Model(prob, [], [])
    model.x = [
        prob.add_variable(f"x_{_arc_label(data, j)}", 0, float(u))
        for j, u in enumerate(data.ub.tolist())
    ]
    model.y = [prob.add_variable(f"exports_{_pos(int(g))}", cat=pulp.LpBinary) for g in eo.farm]
    return model


def set_objective(model: Model, data: ArcData) -> None:
    """Maximise N value plus outlet saved minus transport cost, EUR; with loads the
    transport is c_j per load: Σ value_j·x_j − c_j·k_j."""
    if not model.k:
        terms = list(zip(model.x, data.profit.tolist(), strict=True))
    else:
        terms = list(zip(model.x, data.value.tolist(), strict=True))
        terms += zip(model.k, (-data.load_eur).tolist(), strict=True)
    model.prob.setObjective(pulp.LpAffineExpression(terms))


def add_loads(model: Model, data: ArcData) -> None:
    """`params.loads`: k_j ∈ {0, …, ⌈ub_j / cap_j⌉} loads and x_j ≤ cap_j·k_j (t)."""
    if not np.isfinite(data.load_t).any():
        return
    most = np.ceil(data.ub / data.load_t - 1e-9)
    for j, (cap, top) in enumerate(zip(data.load_t.tolist(), most.tolist(), strict=True)):
        label = _arc_label(data, j)
        k = model.prob.add_variable(f"loads_{label}", 0, max(1.0, top), cat=pulp.LpInteger)
        model.k.append(k)
        model.add([(model.x[j], 1.0), (k, -cap)], pulp.LpConstraintLE, 0.0, f"load_{label}")


def add_load_cuts(model: Model, system: RowSystem, data: ArcData) -> None:
    """The MIR rows of `matching.load_cuts` (valid: they tighten, never change, the optimum)."""
    if not model.k:
        return
    for cut in load_cuts(system.p, data):
        arcs = cut.arcs.tolist()
        terms = list(zip([model.k[j] for j in arcs], cut.k_coef.tolist(), strict=True))
        terms += zip([model.x[j] for j in arcs], cut.x_coef.tolist(), strict=True)
        model.add(terms, pulp.LpConstraintGE, cut.rhs, cut.name)


def _grouped(row: np.ndarray) -> list[np.ndarray]:
    """Arc indices per row number (rows without arcs are absent)."""
    has = np.flatnonzero(row >= 0)
    order = has[np.argsort(row[has], kind="stable")]
    cuts = np.flatnonzero(np.diff(row[order])) + 1
    return np.split(order, cuts) if order.size else []


FAMILY_NAMES = ("lot", "request", "n_room", "a_share", "p2o5", "r5_import")


def _row_position(family: str, data: ArcData, arc: int) -> int:
    """The lot, request or farm a row of `family` belongs to, by position."""
    if family == "lot":
        return int(data.arcs.lot[arc])
    if family in ("request", "r5_import"):
        return int(data.arcs.req[arc])
    return int(data.farm[arc])


def add_rows(model: Model, system: RowSystem, data: ArcData) -> None:
    """Lot, request, N room, A-share, phosphate and R5 rows (see `matching.bounds`)."""
    y_terms = _y_terms(model, system.eo)
    entries_per_family = column_entries(system.p, system.rows, data)
    for family, entries in zip(FAMILY_NAMES, entries_per_family, strict=True):
        values = entries.value.tolist()
        for arcs in _grouped(entries.row):
            row = int(entries.row[arcs[0]])
            terms = [(model.x[j], values[j]) for j in arcs.tolist()]
            terms += y_terms.get(row, [])
            name = f"{family}_{_pos(_row_position(family, data, int(arcs[0])))}"
            if np.isfinite(system.upper[row]):
                model.add(terms, pulp.LpConstraintLE, system.upper[row], name)
            else:
                model.add(terms, pulp.LpConstraintGE, system.lower[row], name)


def _y_terms(model: Model, eo: EitherOr) -> dict[int, list[tuple[pulp.LpVariable, float]]]:
    """The R5 binaries' terms (y, coefficient) per row they enter."""
    terms: dict[int, list[tuple[pulp.LpVariable, float]]] = {}
    for k, var in enumerate(model.y):
        for i in range(int(eo.starts[k]), int(eo.starts[k + 1])):
            terms.setdefault(int(eo.rows[i]), []).append((var, float(eo.values[i])))
    return terms


def add_min_delivery(model: Model, data: ArcData) -> None:
    """Clarification 8: x = 0 or x ≥ min(min_delivery_t, lot tonnes), with z ∈ {0, 1}."""
    for j in np.flatnonzero(data.min_t > 0).tolist():
        x, label = model.x[j], _arc_label(data, j)
        z = model.prob.add_variable(f"use_{label}", cat=pulp.LpBinary)
        model.z.append(z)
        model.add([(x, 1.0), (z, -float(data.ub[j]))], pulp.LpConstraintLE, 0.0, f"min_on_{label}")
        model.add([(x, 1.0), (z, -float(data.min_t[j]))], pulp.LpConstraintGE, 0.0, f"min_{label}")


def build_model(system: RowSystem, data: ArcData) -> Model:
    """The whole model over `data`'s arcs: variables, objective, rows, minimum delivery."""
    model = add_variables(data, system.eo)
    add_loads(model, data)
    set_objective(model, data)
    add_rows(model, system, data)
    add_load_cuts(model, system, data)
    add_min_delivery(model, data)
    return model
