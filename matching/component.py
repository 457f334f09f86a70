"""Solve one independent component: price arcs in, build the PuLP model, solve, prove the gap.

1. Rows, right-hand sides and R5 big-Ms come from the component's full (pruned) arc set,
   read from its compact store (`matching.store`) chunk by chunk.
2. Small components go to the solver whole (its own dual bound proves the gap).
3. Larger ones are priced (`matching.pricing`): the LP relaxation over all arcs, solved
   with few, gives the arcs worth modelling and a valid bound B of the whole component.
4. Without a minimum delivery, the R5 binaries are decided by branch-and-price
   (`matching.branching`), which also proves the bound; the PuLP model over every priced
   arc, binaries fixed, then gives the flows (an LP).
5. With a minimum delivery, the model over the priced arcs is solved as a MIP; if it is not
   within the gap of B, every arc that can still matter is added — arc j can only be in a
   better solution if |r_j|·m_j < B − z — and the bound becomes min(B, max(z, that
   solve's bound)).
Binaries are finally fixed at their rounded values and the model re-solved, so the side an
R5 binary or a minimum delivery closes carries exactly zero.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from matching.bounds import RowSystem
from matching.branching import branch_and_price
from matching.model import Model, build_model
from matching.pricing import Priced, Pricer
from matching.problem import Problem
from matching.solvers import run_solver
from matching.store import ArcStore

WHOLE_MODEL_MAX_ARCS = 1500  # below this, pricing costs more than it saves
SLACK_TOL = 1e-6  # EUR/t: reduced profit treated as zero when picking the final arcs


@dataclass(frozen=True)
class Options:
    solver: str = "highs"
    gap: float = 1e-4
    deadline: float | None = None  # time.monotonic() value

    def seconds_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()


@dataclass
class Result:
    """Tonnes on the arcs `chosen` (indices into the component's store; every other arc
    carries nothing), R5 sides, value and bound (EUR)."""

    chosen: np.ndarray
    tonnes: np.ndarray
    exports: dict[int, bool]
    objective: float
    bound: float
    proven: bool
    stats: dict[str, float] = field(default_factory=dict)
    found: bool = True  # the solver found a feasible point (else the tonnes are all 0)


@dataclass(frozen=True)
class Solved:
    """One model solve: tonnes per arc of `chosen`, R5 sides, value, solver bound, finished."""

    chosen: np.ndarray
    x: np.ndarray
    exports: dict[int, bool]
    objective: float
    bound: float
    finished: bool
    found: bool = True


def proven(objective: float, bound: float, gap: float) -> bool:
    """Within the relative gap: B − z ≤ gap·max(1, |B|) (plus float noise)."""
    return bound - objective <= (gap + 1e-9) * max(1.0, abs(bound))


class _Solve:
    def __init__(self, p: Problem, store: ArcStore, opts: Options) -> None:
        self.store, self.opts = store, opts
        self.min_delivery = p.params.min_delivery_t > 0
        self.system = RowSystem.of(p, store)
        self.stats: dict[str, float] = {
            "arcs": len(store),
            "build_s": 0.0,
            "solve_s": 0.0,
            "variables": 0,
            "constraints": 0,
            "pricing_rounds": 0,
        }

    def _solve(self, model: Model) -> tuple[float, float, bool, bool]:
        """Solve; only a MIP gets the time limit: an LP stopped early may hand back a point
        that breaks rows (dual simplex is primal infeasible until it is done)."""
        free = any(v.lowBound != v.upBound for v in model.binaries)
        seconds = self.opts.seconds_left() if free else None
        out = run_solver(model, self.opts.solver, self.opts.gap, seconds)
        self.stats["solve_s"] += out.seconds
        return out.objective, out.bound, out.finished, out.found

    def model_over(self, chosen: np.ndarray, sides: np.ndarray | None = None) -> Solved:
        """Build and solve the model over arcs `chosen`, R5 binaries fixed to `sides` if given."""
        started = time.perf_counter()
        part = self.store.data(chosen)
        model = build_model(self.system, part)
        if sides is not None:
            for var, side in zip(model.y, sides.tolist(), strict=True):
                var.lowBound = var.upBound = side
        self.stats["build_s"] += time.perf_counter() - started
        self.stats["variables"] = len(model.x) + len(model.binaries)
        self.stats["arcs_model"] = len(model.x)
        self.stats["constraints"] = len(model.prob.constraints())
        objective, bound, finished, found = self._solve(model)
        if found and any(v.lowBound != v.upBound for v in model.binaries):
            for var in model.binaries:  # polish: exact zeros on the closed sides
                var.lowBound = var.upBound = round(var.varValue or 0.0)
            self._solve(model)
        exports = {
            int(g): bool(round(v.varValue or 0.0))
            for g, v in zip(self.system.eo.farm, model.y, strict=True)
        }
        x = np.clip(np.array([v.varValue or 0.0 for v in model.x], dtype=float), 0.0, part.ub)
        return Solved(chosen, x, exports, objective, bound, finished, found)

    def run(self) -> Result:
        if len(self.store) <= WHOLE_MODEL_MAX_ARCS:
            whole = self.model_over(np.arange(len(self.store)))
            bound = whole.bound if whole.finished else min(whole.bound, self.lp_bound())
            return self.result(whole, bound)
        started = time.perf_counter()
        pricer = Pricer(self.system, self.store)
        relaxed = pricer.run()
        self.stats["pricing_s"] = time.perf_counter() - started
        bound = relaxed.bound
        self.stats["lp_bound"] = bound
        if not self.min_delivery:
            return self.branch(pricer, relaxed)
        best = self.model_over(relaxed.chosen)
        if proven(best.objective, bound, self.opts.gap) or not best.finished:
            return self.finish(best, bound, pricer)
        return self.widen(best, bound, pricer)

    def lp_bound(self) -> float:
        """The LP relaxation over every arc: a bound when a MIP solver stopped without one."""
        pricer = Pricer(self.system, self.store)
        pricer.fresh = np.arange(len(self.store))
        return pricer.run().bound

    def branch(self, pricer: Pricer, relaxed: Priced) -> Result:
        """No minimum delivery: branch-and-price decides the R5 binaries exactly; the LP at
        the chosen binaries is priced once more, and the PuLP model gets the arcs whose
        reduced profit is zero (complementary slackness: no optimal solution of that LP
        uses an arc with negative reduced profit), binaries fixed."""
        bound, sides, final = relaxed.bound, None, relaxed
        started = time.perf_counter()
        if self.system.eo.farm.size:
            tree = branch_and_price(
                pricer, relaxed.bound, relaxed.y, self.opts.gap, self.opts.deadline
            )
            self.stats["branch_nodes"] = tree.nodes
            bound, sides = tree.bound, tree.sides
            pricer.set_sides(sides, sides)
            final = pricer.run()
        self.stats["pricing_s"] += time.perf_counter() - started
        chosen = final.chosen[final.reduced >= -SLACK_TOL]
        return self.finish(self.model_over(chosen, sides), bound, pricer)

    def widen(self, best: Solved, bound: float, pricer: Pricer) -> Result:
        """Step 5's fallback: every arc that can still be part of a better solution, found
        with the root LP's duals (still the pricer's: nothing was priced since)."""
        lots = self.system.p.lots
        min_t = np.minimum(self.system.p.params.min_delivery_t, lots.tonnes)
        theta = -(bound - best.objective) / np.maximum(min_t, 1e-300)
        chosen = np.union1d(best.chosen, pricer.above(theta))
        self.stats["widened_to"] = int(chosen.size)
        wide = self.model_over(chosen)
        bound = min(bound, max(best.objective, wide.bound))
        return self.finish(wide if wide.objective >= best.objective else best, bound, pricer)

    def finish(self, best: Solved, bound: float, pricer: Pricer) -> Result:
        self.stats["pricing_rounds"] = pricer.rounds
        return self.result(best, bound)

    def result(self, best: Solved, bound: float) -> Result:
        ok = best.finished and proven(best.objective, bound, self.opts.gap)
        return Result(
            best.chosen,
            best.x,
            best.exports,
            best.objective,
            max(bound, best.objective),
            ok,
            self.stats,
            best.found,
        )


def solve_component(p: Problem, store: ArcStore, opts: Options) -> Result:
    """The optimal flows over `store`'s arcs (all arcs of one component)."""
    return _Solve(p, store, opts).run()
