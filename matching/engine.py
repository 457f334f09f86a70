"""`solve_instance` and `split_instance`: the engine's public entry points.

solve: validate → read → candidate arcs → exact pruning → components → per component
pricing + PuLP model + solve (`matching.component`) → solution document with explanations.
The parts of `split_instance` come back together with `matching.merge.merge_solutions`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.arcs import candidate_arcs
from matching.component import Options, solve_component
from matching.components import farm_labels, groups
from matching.merge import SUMMED_STATS
from matching.problem import Problem
from matching.solution import Outcome, build_solution
from matching.solvers import SOLVERS
from matching.structure import ArcData, arc_data, prune
from matching.validate import validate_instance

PER_COMPONENT = (
    "variables",
    "constraints",
    "arcs_model",
    "build_s",
    "solve_s",
    "pricing_s",
    "pricing_rounds",
    "branch_nodes",
)


def _prepared(doc: Mapping[str, Any]) -> tuple[Problem, ArcData, ArcData, np.ndarray]:
    """(problem, all legal arcs, pruned arcs, component label per farm)."""
    validate_instance(doc)
    p = Problem.read(doc)
    legal = arc_data(p, candidate_arcs(p))
    data = prune(legal, len(p.farms.ids))
    labels = farm_labels(len(p.farms.ids), p.lots.farm[data.arcs.lot], data.farm)
    return p, legal, data, labels


def _legal_tonnes(legal: ArcData, data: ArcData, tonnes: np.ndarray, n_req: int) -> np.ndarray:
    """Spread tonnes on the pruned arcs back onto the legal arcs (both sorted by lot, req)."""
    key_legal = legal.arcs.lot * n_req + legal.arcs.req
    key_data = data.arcs.lot * n_req + data.arcs.req
    out = np.zeros(len(legal))
    out[np.searchsorted(key_legal, key_data)] = tonnes
    return out


def solve_instance(
    doc: Mapping[str, Any],
    *,
    solver: str = "highs",
    gap: float = 1e-4,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """The optimal set of deliveries for `doc` (raises `InvalidInstance` when invalid)."""
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(SOLVERS)}, not {solver!r}")
    started = time.perf_counter()
    deadline = None if time_limit is None else time.monotonic() + time_limit
    p, legal, data, labels = _prepared(doc)
    prepared = time.perf_counter()
    opts = Options(solver, gap, deadline)
    tonnes = np.zeros(len(data))
    sides: dict[int, bool] = {}
    proven, bound = True, 0.0
    unsolved = _Unsolved.of(p)
    stats: dict[str, Any] = {k: 0 for k in SUMMED_STATS}
    parts = groups(labels, p.lots.farm[data.arcs.lot])
    for idx in parts:
        result = solve_component(p, data.take(idx), opts)
        tonnes[idx] = result.tonnes
        sides |= result.exports
        proven &= result.proven
        bound += result.bound
        if not result.found:
            unsolved.mark(data, idx)
        for key in PER_COMPONENT:
            stats[key] += result.stats.get(key, 0)
    stats |= {
        "solver": solver,
        "components": len(parts),
        "arcs_candidate": len(legal),
        "arcs_pruned": len(data),
        "prepare_s": prepared - started,
    }
    solved = time.perf_counter()
    all_tonnes = _legal_tonnes(legal, data, tonnes, len(p.requests.ids))
    status = _status(proven, deadline, found=not unsolved.any())
    outcome = Outcome(status, bound, unsolved.lots, unsolved.requests)
    solution = build_solution(p, legal, all_tonnes, sides, outcome, stats)
    done = time.perf_counter()
    stats |= {
        "extract_s": done - solved,
        "total_s": done - started,
        "pulp_s": stats["build_s"] + stats["solve_s"],
    }
    return solution


def _status(proven: bool, deadline: float | None, *, found: bool) -> str:
    """INSTANCE.md's status: a solve that did not prove the gap under a time limit was
    stopped by it (`time_limit`); without a limit it is `feasible`, or `error` when a solver
    ended without any feasible point (`solution_found` tells the two time limits apart)."""
    if proven:
        return "optimal"
    if deadline is not None:
        return "time_limit"
    return "feasible" if found else "error"


@dataclass(frozen=True)
class _Unsolved:
    """Lots and requests of components whose solver stopped without a feasible point."""

    lots: np.ndarray
    requests: np.ndarray

    @classmethod
    def of(cls, p: Problem) -> _Unsolved:
        n_lots, n_requests = len(p.lots.ids), len(p.requests.ids)
        return cls(np.zeros(n_lots, dtype=bool), np.zeros(n_requests, dtype=bool))

    def any(self) -> bool:
        return bool(self.lots.any() or self.requests.any())

    def mark(self, data: ArcData, idx: np.ndarray) -> None:
        self.lots[data.arcs.lot[idx]] = True
        self.requests[data.arcs.req[idx]] = True


def split_instance(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Independent component instances, biggest first; farms that can trade with nobody go
    together into one last instance. Each is a valid instance document."""
    p, _, data, labels = _prepared(doc)
    linked = np.zeros(len(p.farms.ids), dtype=bool)
    linked[p.lots.farm[data.arcs.lot]] = True
    linked[data.farm] = True
    linked_farms = np.flatnonzero(linked)
    farm_sets = [np.sort(linked_farms[g]) for g in groups(labels, linked_farms)]
    lonely = np.flatnonzero(~linked)
    if lonely.size:
        farm_sets.append(lonely)
    return [_sub_document(doc, p, s) for s in farm_sets]


def _sub_document(doc: Mapping[str, Any], p: Problem, farms: np.ndarray) -> dict[str, Any]:
    ids = {p.farms.ids[g] for g in farms.tolist()}
    lots = [x for x in doc["lots"] if x["farm"] in ids]
    requests = [r for r in doc["requests"] if r["farm"] in ids]
    lot_ids, req_ids = {x["id"] for x in lots}, {r["id"] for r in requests}
    distances = [
        d for d in doc.get("distances") or [] if d["lot"] in lot_ids and d["request"] in req_ids
    ]
    return {
        **doc,
        "farms": [f for f in doc["farms"] if f["id"] in ids],
        "lots": lots,
        "requests": requests,
        "distances": distances,
    }
