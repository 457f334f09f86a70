"""The PuLP model of INSTANCE.md over a set of arcs: a pipeline of named steps.

Variables x(l,r) ≥ 0 (t) per arc with its capacity as upper bound; y(g) ∈ {0, 1} per R5
farm (1: exports organic manure, 0: may import non-organic manure); z(l,r) ∈ {0, 1} per arc
when a minimum delivery is set (x = 0 or x ≥ m). Rows as in `matching.bounds`. Objective:
maximise Σ (n_value·N − transport·km)·x (EUR). Every expression is built in bulk from
lists (`LpAffineExpression`), every constraint has a readable name (`lot_L1`, `n_room_F2`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pulp

from matching.bounds import EitherOr
from matching.problem import Problem
from matching.structure import ArcData, Rows, column_entries

_ILLEGAL = re.compile(r"[^A-Za-z0-9_.]")


@dataclass
class Model:
    """The PuLP problem and its variables, in arc order."""

    prob: pulp.LpProblem
    x: list[pulp.LpVariable]
    y: list[pulp.LpVariable]
    z: list[pulp.LpVariable] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    @property
    def binaries(self) -> list[pulp.LpVariable]:
        return self.y + self.z

    def unique(self, name: str) -> str:
        """A legal PuLP name, made unique when two ids differ only in illegal characters."""
        label = _ILLEGAL.sub("_", name)
        if label in self.names:
            label = f"{label}__{len(self.names)}"
        self.names.add(label)
        return label

    def add(
        self, terms: Sequence[tuple[pulp.LpVariable, float]], sense: int, rhs: float, name: str
    ) -> None:
        """Add Σ terms (sense) rhs under a readable, unique name."""
        expr = pulp.LpAffineExpression(terms)
        self.prob.addConstraint(pulp.LpConstraint(expr, sense, self.unique(name), float(rhs)))


def add_variables(p: Problem, data: ArcData, eo: EitherOr) -> Model:
    prob = pulp.LpProblem("mestmatch", pulp.LpMaximize)
    lots, reqs = p.lots.ids, p.requests.ids
    model = Model(prob, [], [])
    model.x = [
        prob.add_variable(model.unique(f"x_{lots[lot]}_{reqs[req]}"), 0, float(u))
        for lot, req, u in zip(data.arcs.lot, data.arcs.req, data.ub, strict=True)
    ]
    model.y = [
        prob.add_variable(model.unique(f"exports_{p.farms.ids[g]}"), cat=pulp.LpBinary)
        for g in eo.farm
    ]
    return model


def set_objective(model: Model, data: ArcData) -> None:
    """Maximise N value minus transport cost, EUR."""
    model.prob.setObjective(
        pulp.LpAffineExpression(list(zip(model.x, data.profit.tolist(), strict=True)))
    )


def _grouped(row: np.ndarray) -> list[np.ndarray]:
    """Arc indices per row number (rows without arcs are absent)."""
    has = np.flatnonzero(row >= 0)
    order = has[np.argsort(row[has], kind="stable")]
    cuts = np.flatnonzero(np.diff(row[order])) + 1
    return np.split(order, cuts) if order.size else []


FAMILY_NAMES = ("lot", "request", "n_room", "a_share", "p2o5", "r5_import")


def _row_label(p: Problem, family: str, data: ArcData, arc: int) -> str:
    if family == "lot":
        return p.lots.ids[data.arcs.lot[arc]]
    if family == "request":
        return p.requests.ids[data.arcs.req[arc]]
    if family == "r5_import":
        return p.requests.ids[data.arcs.req[arc]]
    return p.farms.ids[data.farm[arc]]


def add_rows(
    model: Model,
    p: Problem,
    rows: Rows,
    data: ArcData,
    eo: EitherOr,
    bounds: tuple[np.ndarray, np.ndarray],
) -> None:
    """Lot, request, N room, A-share, phosphate and R5 rows (see `matching.bounds`)."""
    lower, upper = bounds
    y_terms: dict[int, list[tuple[pulp.LpVariable, float]]] = {}
    for k, var in enumerate(model.y):
        for i in range(int(eo.starts[k]), int(eo.starts[k + 1])):
            y_terms.setdefault(int(eo.rows[i]), []).append((var, float(eo.values[i])))
    for family, entries in zip(FAMILY_NAMES, column_entries(p, rows, data), strict=True):
        values = entries.value.tolist()
        for arcs in _grouped(entries.row):
            row = int(entries.row[arcs[0]])
            terms = [(model.x[j], values[j]) for j in arcs.tolist()]
            terms += y_terms.get(row, [])
            name = f"{family}_{_row_label(p, family, data, int(arcs[0]))}"
            if np.isfinite(upper[row]):
                model.add(terms, pulp.LpConstraintLE, upper[row], name)
            else:
                model.add(terms, pulp.LpConstraintGE, lower[row], name)


def add_min_delivery(model: Model, p: Problem, data: ArcData) -> None:
    """Clarification 8: x = 0 or x ≥ min(min_delivery_t, lot tonnes), with z ∈ {0, 1}."""
    for j in np.flatnonzero(data.min_t > 0).tolist():
        x = model.x[j]
        z = model.prob.add_variable(model.unique(f"use_{x.name[2:]}"), cat=pulp.LpBinary)
        model.z.append(z)
        model.add(
            [(x, 1.0), (z, -float(data.ub[j]))],
            pulp.LpConstraintLE,
            0.0,
            f"min_delivery_on_{x.name[2:]}",
        )
        model.add(
            [(x, 1.0), (z, -float(data.min_t[j]))],
            pulp.LpConstraintGE,
            0.0,
            f"min_delivery_{x.name[2:]}",
        )


def build_model(
    p: Problem, rows: Rows, data: ArcData, eo: EitherOr, bounds: tuple[np.ndarray, np.ndarray]
) -> Model:
    """The whole model over `data`'s arcs: variables, objective, rows, minimum delivery."""
    model = add_variables(p, data, eo)
    set_objective(model, data)
    add_rows(model, p, rows, data, eo, bounds)
    add_min_delivery(model, p, data)
    return model
