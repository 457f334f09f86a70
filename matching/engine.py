"""`solve_instance` and `split_instance`: the engine's public entry points.

solve: validate → read → candidate arcs, pruned chunk by chunk into a compact store
(`matching.store`) → components → per component pricing + PuLP model + solve
(`matching.component`) → solution document with explanations. `prepare` does the first
steps once; `solve_prepared` and `split_prepared` reuse them (the worker splits and solves
one document without reading it twice).
`matching.split` cuts a document into its independent parts (`split_instance`), which come back
together with `matching.merge.merge_solutions`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.arcs import arc_chunks
from matching.component import Options, solve_component
from matching.components import groups
from matching.explain_arcs import Flows, explained_arcs, on_arcs
from matching.merge import SUMMED_STATS
from matching.prices import PriceBook
from matching.problem import Problem
from matching.solution import Outcome, build_solution
from matching.solvers import SOLVERS
from matching.store import ArcStore
from matching.validate import validate_instance

PER_COMPONENT = (
    "variables",
    "constraints",
    "arcs_model",
    "build_s",
    "solve_s",
    "pricing_s",
    "pricing_rounds",
    "lp_restarts",
    "branch_nodes",
)
#: What follows the last solve (explanations, the solution document, the prices of the last
#: component), reserved from a time limit as a multiple of the time `prepare` took: both
#: grow with the arcs and with the machine's load. Measured 0.75–1.1 at 1,000–10,000 farms;
#: at 10,000 farms 1.1–1.4 with branch-and-price's final model (2026-12-01, docs/engine.md,
#: "Time limit").
AFTER_PREPARE = 1.4
_NO_ARCS = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))


@dataclass
class Prepared:
    """An instance read once: its arrays, its pruned arcs and a component label per farm.
    `solve_prepared` uses it up: the arcs go once the flows are known (a national instance
    needs that memory for its explanations)."""

    p: Problem
    store: ArcStore
    labels: np.ndarray
    seconds: float  # what preparing took (s)

    def parts(self) -> list[np.ndarray]:
        """Arc indices of each component, biggest first."""
        owner = self.p.lots.farm[self.store.lot]
        if not owner.size or np.all(self.labels[owner] == self.labels[owner[0]]):
            return [np.arange(len(self.store))] if owner.size else []
        return groups(self.labels, owner)


def prepare(doc: Mapping[str, Any], *, validated: bool = False) -> Prepared:
    """Validate (unless the caller just did), read, enumerate and prune the arcs chunk by
    chunk, and label the components."""
    started = time.perf_counter()
    if not validated:
        validate_instance(doc)
    p = Problem.read(doc)
    store = ArcStore.build(p, arc_chunks(p))
    labels = store.farm_labels()
    return Prepared(p, store, labels, time.perf_counter() - started)


def solve_instance(
    doc: Mapping[str, Any],
    *,
    solver: str = "highs",
    gap: float = 1e-4,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """The optimal set of deliveries for `doc` (raises `InvalidInstance` when invalid,
    `ValueError` for an unknown solver, a gap outside [0, 1) or a time limit not above 0 s)."""
    _check_solver(solver)
    check_options(gap, time_limit)
    started = time.perf_counter()
    deadline = None if time_limit is None else time.monotonic() + time_limit
    prepared = prepare(doc)
    return solve_prepared(prepared, solver=solver, gap=gap, deadline=deadline, started=started)


def solve_prepared(
    prepared: Prepared,
    *,
    solver: str = "highs",
    gap: float = 1e-4,
    deadline: float | None = None,
    started: float | None = None,
) -> dict[str, Any]:
    """`solve_instance` on an instance `prepare` read (`deadline`: a time.monotonic(); the
    solves end `AFTER_PREPARE` × the preparation's time before it); it empties
    `prepared.store` (see `Prepared`)."""
    _check_solver(solver)
    started = time.perf_counter() if started is None else started
    p, store = prepared.p, prepared.store
    ready = time.perf_counter()
    solving = None if deadline is None else deadline - AFTER_PREPARE * prepared.seconds
    opts = Options(solver, gap, solving)
    used: list[np.ndarray] = []
    tonnes: list[np.ndarray] = []
    trucks: list[np.ndarray] = []
    sides: dict[int, bool] = {}
    proven, bound = True, 0.0
    unsolved = _Unsolved.of(p)
    stats: dict[str, Any] = {k: 0 for k in SUMMED_STATS}
    parts = prepared.parts()
    prices = PriceBook(p)
    prices_s = 0.0
    for idx in parts:
        part = store.take(idx)
        result = solve_component(p, part, opts)
        priced = time.perf_counter()
        prices.add(part, result)
        prices_s += time.perf_counter() - priced
        used.append(idx[result.chosen])
        tonnes.append(result.tonnes)
        trucks.append(result.loads)
        sides |= result.exports
        proven &= result.proven
        bound += result.bound
        if not result.found:
            unsolved.mark(store, idx)
        for key in PER_COMPONENT:
            stats[key] += result.stats.get(key, 0)
    stats |= {
        "solver": solver,
        "components": len(used),
        "arcs_candidate": store.legal,
        "arcs_pruned": len(store),
        "prepare_s": ready - started,
        "prices_s": prices_s,
    }
    solved = time.perf_counter()
    flows = Flows.of(store, used, tonnes, trucks)
    kept, every = store.kept_legal(), store.every is not None
    del store, parts  # the arcs go before the explanations read theirs
    if used:
        del idx, part  # the last component's arc indices and arcs
    prepared.store = ArcStore.of(p, *_NO_ARCS, 0)
    data, placed = explained_arcs(p, kept, every, flows, sides)
    trucks_on = on_arcs(p, data.arcs, flows.arcs, flows.loads)
    status = _status(proven, deadline, found=not unsolved.any())
    outcome = Outcome(status, bound, unsolved.lots, unsolved.requests)
    solution = build_solution(p, data, placed, sides, outcome, stats, loads=trucks_on)
    prices.attach(solution)
    done = time.perf_counter()
    stats |= {
        "extract_s": done - solved,
        "total_s": done - started,
        "pulp_s": stats["build_s"] + stats["solve_s"],
    }
    return solution


def _check_solver(solver: str) -> None:
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(SOLVERS)}, not {solver!r}")


def check_options(gap: float, time_limit: float | None) -> None:
    """Raise ValueError unless 0 ≤ gap < 1 and the time limit (s) is None or finite and > 0:
    a negative gap can never be proven, a limit of 0 s stops before the first solve."""
    if not (math.isfinite(gap) and 0.0 <= gap < 1.0):
        raise ValueError(f"gap must be at least 0 and below 1, not {gap!r}")
    if time_limit is not None and not (math.isfinite(time_limit) and time_limit > 0.0):
        raise ValueError(f"time limit must be a number of seconds above 0, not {time_limit!r}")


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

    def mark(self, store: ArcStore, idx: np.ndarray) -> None:
        self.lots[store.lot[idx]] = True
        self.requests[store.req[idx]] = True
