"""The benchmark's baseline: the full model passed straight to HiGHS from numpy arrays.

Same maths as INSTANCE.md's model, over every legal arc (from `check_arcs`, not the
engine): maximise sum (n_value x N - transport x km) x(l,r) in EUR subject to
- lot: sum_r x <= tonnes (t); request: sum_l N x <= n_kg (kg N);
- N room at farm f: sum animal x N x <= max(0, room - own) (kg animal N);
- A-share at f: sum (a - a_min) N x >= min(0, D0) - D0 (kg N);
- P2O5 at f: sum p2o5 x <= p2o5_room_kg where set;
- R5 either-or with a binary y_f: organic exports <= M_e y_f, non-organic imports <= M_i (1 - y_f),
  M_e and M_i the tonnes of the lots on either side (t);
- minimum delivery: x semi-continuous in {0} u [min(min_delivery_t, tonnes), tonnes].
The matrix is assembled column-wise from coordinate arrays; only `Highs.run()` is timed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from matching.check_arcs import RuleBook, legal_arcs
from matching.highs import new_highs


@dataclass
class _Rows:
    """Coordinate triplets and row bounds, one block of rows at a time."""

    rows: list[np.ndarray] = field(default_factory=list)
    cols: list[np.ndarray] = field(default_factory=list)
    vals: list[np.ndarray] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    count: int = 0

    def block(
        self,
        keys: np.ndarray,
        cols: np.ndarray,
        vals: np.ndarray,
        bounds: Callable[[np.ndarray], tuple[Any, Any]],
    ) -> np.ndarray:
        """One row per distinct key; `bounds(unique_keys)` gives (lower, upper)."""
        unique, inverse = np.unique(keys, return_inverse=True)
        low, up = bounds(unique)
        self.rows.append(self.count + inverse)
        self.cols.append(cols)
        self.vals.append(vals)
        self.lower.append(np.broadcast_to(low, unique.shape).astype(float))
        self.upper.append(np.broadcast_to(up, unique.shape).astype(float))
        self.count += len(unique)
        return unique


@dataclass(frozen=True)
class RawModel:
    """The HiGHS model and its size: arc columns, binary columns, rows."""

    lp: highspy.HighsLp
    arcs: int
    binaries: int
    rows: int


def _arrays(book: RuleBook) -> dict[str, np.ndarray]:
    """Per legal arc: indices of lot, request, receiving and supplying farm, and numbers."""
    arcs = list(legal_arcs(book))
    lot_ix = {lid: i for i, lid in enumerate(book.lots)}
    req_ix = {rid: i for i, rid in enumerate(book.requests)}
    farm_ix = {fid: i for i, fid in enumerate(book.farms)}
    facts = [book.lot_facts[a.lot] for a in arcs]

    def column(values: Any, dtype: type = float) -> np.ndarray:
        return np.fromiter(values, dtype=dtype, count=len(arcs))

    return {
        "lot": column((lot_ix[a.lot] for a in arcs), np.int64),
        "request": column((req_ix[a.request] for a in arcs), np.int64),
        "farm": column((farm_ix[book.requests[a.request]["farm"]] for a in arcs), np.int64),
        "supplier": column((farm_ix[book.lots[a.lot]["farm"]] for a in arcs), np.int64),
        "n": column(f.n_per_t for f in facts),
        "a": column(f.a_fraction for f in facts),
        "animal": column(f.animal_fraction for f in facts),
        "p2o5": column(f.p2o5_per_t for f in facts),
        "km": column(a.km for a in arcs),
        "organic": column((f.organic_manure for f in facts), bool),
        "nonorganic": column((f.nonorganic_animal for f in facts), bool),
    }


def _farm_vectors(book: RuleBook) -> dict[str, np.ndarray]:
    facts = list(book.farm_facts.values())
    return {
        "room": np.array([f.room_left_kg for f in facts]),
        "a_min": np.array([f.a_min for f in facts]),
        "d0": np.array([f.d0 for f in facts]),
        "p2o5": np.array([np.nan if f.p2o5_room_kg is None else f.p2o5_room_kg for f in facts]),
    }


def _limits(book: RuleBook, x: dict[str, np.ndarray], rows: _Rows) -> None:
    """Lot, request, N room, A-share and P2O5 rows."""
    cols = np.arange(len(x["lot"]))
    tonnes = np.array([float(v["tonnes"]) for v in book.lots.values()])
    wanted = np.array([float(r["n_kg"]) for r in book.requests.values()])
    farm = _farm_vectors(book)
    inf = np.inf
    rows.block(x["lot"], cols, np.ones(len(cols)), lambda u: (-inf, tonnes[u]))
    rows.block(x["request"], cols, x["n"], lambda u: (-inf, wanted[u]))
    animal = x["animal"] > 0
    rows.block(
        x["farm"][animal],
        cols[animal],
        (x["animal"] * x["n"])[animal],
        lambda u: (-inf, farm["room"][u]),
    )
    rows.block(
        x["farm"],
        cols,
        (x["a"] - farm["a_min"][x["farm"]]) * x["n"],
        lambda u: (np.minimum(0.0, farm["d0"][u]) - farm["d0"][u], inf),
    )
    phos = ~np.isnan(farm["p2o5"][x["farm"]]) & (x["p2o5"] > 0)
    rows.block(x["farm"][phos], cols[phos], x["p2o5"][phos], lambda u: (-inf, farm["p2o5"][u]))


def _at_most(limit: float) -> Callable[[np.ndarray], tuple[float, float]]:
    """Row bounds (−∞, limit] for every row of a block."""
    return lambda _keys: (-math.inf, limit)


def _either_or(book: RuleBook, x: dict[str, np.ndarray], rows: _Rows) -> int:
    """R5 big-M rows for farms with both an organic export and a non-organic import arc."""
    both = np.intersect1d(x["supplier"][x["organic"]], x["farm"][x["nonorganic"]])
    tonnes = np.array([float(v["tonnes"]) for v in book.lots.values()])
    first_binary = len(x["lot"])
    for k, f in enumerate(both):
        exports = np.flatnonzero(x["organic"] & (x["supplier"] == f))
        imports = np.flatnonzero(x["nonorganic"] & (x["farm"] == f))
        m_export = tonnes[np.unique(x["lot"][exports])].sum()
        m_import = tonnes[np.unique(x["lot"][imports])].sum()
        col = first_binary + k
        rows.block(
            np.zeros(len(exports) + 1),
            np.append(exports, col),
            np.append(np.ones(len(exports)), -m_export),
            _at_most(0.0),
        )
        rows.block(
            np.zeros(len(imports) + 1),
            np.append(imports, col),
            np.append(np.ones(len(imports)), m_import),
            _at_most(float(m_import)),
        )
    return len(both)


def _matrix(lp: highspy.HighsLp, rows: _Rows, columns: int) -> None:
    r, c, v = (np.concatenate(a) for a in (rows.rows, rows.cols, rows.vals))
    order = np.lexsort((r, c))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.searchsorted(c[order], np.arange(columns + 1)).astype(np.int32)
    lp.a_matrix_.index_ = r[order].astype(np.int32)
    lp.a_matrix_.value_ = v[order]
    lp.row_lower_, lp.row_upper_ = np.concatenate(rows.lower), np.concatenate(rows.upper)


def build_raw_model(doc: Mapping[str, Any]) -> RawModel:
    """The full-arc MILP as a column-wise `HighsLp` (maximise EUR)."""
    book = RuleBook(doc)
    x = _arrays(book)
    rows = _Rows()
    _limits(book, x, rows)
    binaries = _either_or(book, x, rows)
    arcs = len(x["lot"])
    value, transport = (
        float(book.params[k]) for k in ("n_value_eur_per_kg", "transport_eur_per_t_km")
    )
    upper = np.array([float(v["tonnes"]) for v in book.lots.values()])[x["lot"]]
    threshold = book.params.get("min_delivery_t")
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = arcs + binaries, rows.count
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([value * x["n"] - transport * x["km"], np.zeros(binaries)])
    lower = np.minimum(float(threshold), upper) if threshold else np.zeros(arcs)
    lp.col_lower_ = np.concatenate([lower, np.zeros(binaries)])
    lp.col_upper_ = np.concatenate([upper, np.ones(binaries)])
    _matrix(lp, rows, arcs + binaries)
    kind = highspy.HighsVarType.kSemiContinuous if threshold else highspy.HighsVarType.kContinuous
    lp.integrality_ = [kind] * arcs + [highspy.HighsVarType.kInteger] * binaries
    return RawModel(lp, arcs, binaries, rows.count)


def solve_raw(model: RawModel, *, gap: float, time_limit: float | None) -> dict[str, Any]:
    """Run HiGHS on the model; time only `run()` (s)."""
    highs = new_highs()
    highs.setOptionValue("mip_rel_gap", gap)
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    highs.passModel(model.lp)
    started = time.perf_counter()
    highs.run()
    elapsed = time.perf_counter() - started
    info = highs.getInfo()
    return {
        "status": highs.modelStatusToString(highs.getModelStatus()),
        "objective": info.objective_function_value,
        "solve_s": elapsed,
        "arcs": model.arcs,
        "binaries": model.binaries,
        "rows": model.rows,
    }
