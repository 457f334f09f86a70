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
6. With whole loads (`params.loads`), the MIP over the priced arcs near the LP's, started
   from the LP rounded to whole loads, gives an incumbent z; the MIP over every arc whose
   least loss against B is below B − z gives the bound (docs/loads.md).
Binaries are finally fixed at their rounded values and the model re-solved, so the side an
R5 binary, a minimum delivery or a zero number of loads closes carries exactly zero.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from matching.bounds import RowSystem
from matching.branching import branch_and_price, settled
from matching.load_round import rounded_start
from matching.mip_steps import (
    Search,
    Solved,
    fixed_lp,
    may_improve,
    polish,
    warm,
    without_losing_farms,
)
from matching.model import Model, build_model
from matching.pricing import Priced, Pricer
from matching.problem import Problem
from matching.solvers import run_solver
from matching.store import ArcStore

WHOLE_MODEL_MAX_ARCS = 1500  # below this, pricing costs more than it saves
SLACK_TOL = 1e-6  # EUR/t: reduced profit treated as zero when picking the final arcs
#: Whole loads: the first MIP (over the priced arcs) only gives an incumbent for the bound
#: B − z that decides which arcs can matter, and the point the second MIP starts from; a 1 %
#: gap and half the time left are our estimates (on generated instances the second MIP,
#: over every pruned arc, rarely improves that point within minutes, docs/loads.md).
LOADS_FIRST_GAP = 1e-2
LOADS_FIRST_SHARE = 0.5  # all of it when the widened MIP would be too big to build anyway
#: The first MIP gets the priced arcs within this reduced profit of the LP's (EUR/t, about
#: 12 km of detour with a 30 t load at 2.5 EUR/km): the arcs the LP uses and their near
#: alternatives. Only the incumbent depends on it; the widened MIP decides the bound.
LOADS_CORE_EUR_PER_T = 1.0
#: Above this many arcs the widened MIP is not built: PuLP holds about 2 kB per arc (x, k
#: and the load row), and HiGHS proves no 1e-4 gap at that size within minutes (measured,
#: docs/loads.md); the first MIP's point is returned with the LP bound.
LOADS_WIDEN_MAX_ARCS = 150_000
#: A widened MIP is built only with this many times its build time left (at the first model's
#: rate per arc): hand-over, the root, reading back and polishing follow. 1,000 farms, 10 t
#: minimum (2026-12-01): 28,430 arcs built in 0.6 s, then 0.85 s more to the end.
WIDEN_BUILDS = 3.0


@dataclass(frozen=True)
class Options:
    solver: str = "highs"
    gap: float = 1e-4
    deadline: float | None = None  # time.monotonic() value

    def seconds_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()


@dataclass
class Result:
    """Tonnes and truck loads (`params.loads`; else 0) on the arcs `chosen` (indices into the
    component's store; every other arc carries nothing), R5 sides, value and bound (EUR)."""

    chosen: np.ndarray
    tonnes: np.ndarray
    loads: np.ndarray
    exports: dict[int, bool]
    objective: float
    bound: float
    proven: bool
    stats: dict[str, float] = field(default_factory=dict)
    found: bool = True  # the solver found a feasible point (else the tonnes are all 0)
    #: Without integer variables: the tonnes are the LP optimum over every arc at the R5
    #: sides (false when the time limit stopped the pricing; the prices need that LP).
    lp_optimal: bool = True
    system: RowSystem | None = None  # the component's rows (the prices reuse them)


def proven(objective: float, bound: float, gap: float) -> bool:
    """Within the relative gap: B − z ≤ gap·max(1, |B|) (plus float noise)."""
    return bound - objective <= (gap + 1e-9) * max(1.0, abs(bound))


class _Solve:
    def __init__(self, p: Problem, store: ArcStore, opts: Options) -> None:
        self.store, self.opts = store, opts
        self.min_delivery = p.params.min_delivery_t > 0
        self.integral = self.min_delivery or p.params.loads is not None
        self.system = RowSystem.of(p, store)
        self.lp_optimal = True  # see `Result.lp_optimal`
        self.stats: dict[str, float] = {
            "arcs": len(store),
            "build_s": 0.0,
            "solve_s": 0.0,
            "variables": 0,
            "constraints": 0,
            "pricing_rounds": 0,
            "lp_restarts": 0,
        }

    def _solve(self, model: Model, search: Search) -> tuple[float, float, bool, bool]:
        """Solve; only a MIP gets the time limit: an LP stopped early may hand back a point
        that breaks rows (dual simplex is primal infeasible until it is done)."""
        free = any(v.lowBound != v.upBound for v in model.binaries)
        left = self.opts.seconds_left() if free else None
        seconds = None if left is None else left * search.share
        gap = max(self.opts.gap, search.gap)
        out = run_solver(model, self.opts.solver, gap, seconds, warm=search.start is not None)
        self.stats["solve_s"] += out.seconds
        return out.objective, out.bound, out.finished, out.found

    def _lp(self, model: Model) -> None:
        """Solve `model` with every integer fixed (the polishing LP)."""
        self._solve(model, Search())

    def model_over(
        self, chosen: np.ndarray, sides: np.ndarray | None = None, search: Search | None = None
    ) -> Solved:
        """Build and solve the model over arcs `chosen`, R5 binaries fixed to `sides` if given."""
        search = search or Search()
        started = time.perf_counter()
        part = self.store.data(chosen)
        model = build_model(self.system, part)
        if sides is not None:
            for var, side in zip(model.y, sides.tolist(), strict=True):
                var.lowBound = var.upBound = side
        if search.start is not None:
            warm(model, part, chosen, self.system.eo.farm, search.start)
        self.stats["build_s"] += time.perf_counter() - started
        self.stats["variables"] = len(model.x) + len(model.binaries)
        self.stats["arcs_model"] = len(model.x)
        self.stats["constraints"] = len(model.prob.constraints())
        objective, bound, finished, found = self._solve(model, search)
        start = search.start
        if start is not None and (not found or objective <= start.objective):  # no better
            return replace(self.settled(start), bound=bound, finished=finished)
        if found and any(v.lowBound != v.upBound for v in model.binaries):
            polish(model, self.system, part, self._lp)
        exports = {
            int(g): bool(round(v.varValue or 0.0))
            for g, v in zip(self.system.eo.farm, model.y, strict=True)
        }
        x = np.clip(np.array([v.varValue or 0.0 for v in model.x], dtype=float), 0.0, part.ub)
        k = np.zeros(x.size)
        if model.k:
            k = np.round([v.varValue or 0.0 for v in model.k])
            x = np.minimum(x, part.load_t * k)  # the solver's tolerance, never a whole tonne
            objective = float(part.value @ x - part.load_eur @ k)  # of the values returned
        return Solved(chosen, x, k, exports, objective, bound, finished, found)

    def settled(self, point: Solved) -> Solved:
        """`point` (with loads) with its tonnes re-optimised for its integers (`fixed_lp`):
        the flows are then the optimum of the LP with the integer decisions fixed."""
        part = self.store.data(point.chosen)
        y = np.array([float(point.exports.get(int(g), False)) for g in self.system.eo.farm])
        x = fixed_lp(self.system, part, point.k, y, (point.x > 0).astype(float), self._lp)
        x = np.minimum(np.clip(x, 0.0, part.ub), part.load_t * point.k)
        return replace(point, x=x, objective=float(part.value @ x - part.load_eur @ point.k))

    def run(self) -> Result:
        if len(self.store) <= WHOLE_MODEL_MAX_ARCS:
            whole = self.model_over(np.arange(len(self.store)))
            bound = whole.bound if whole.finished else min(whole.bound, self.lp_bound())
            return self.result(whole, bound)
        started = time.perf_counter()
        pricer = Pricer(self.system, self.store)
        relaxed = pricer.run(self.opts.deadline)
        self.stats["pricing_s"] = time.perf_counter() - started
        bound = relaxed.bound
        self.stats["lp_bound"] = bound
        if not self.integral:
            return self.branch(pricer, relaxed)
        if self.system.p.params.loads is not None:
            return self.loads(pricer, relaxed)
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
        uses an arc with negative reduced profit), binaries fixed. The time limit can stop
        the root's pricing (the binaries are then its LP values rounded, under its bound)
        and the last one (the model then gets the arcs its LP holds): the plan is feasible,
        the bound valid, but the flows are not the LP optimum over all arcs (`lp_optimal`)."""
        bound, sides, final = relaxed.bound, None, relaxed
        started = time.perf_counter()
        if self.system.eo.farm.size:
            sides = settled(relaxed.y, relaxed.sides)[0]
            if relaxed.converged:
                tree = branch_and_price(pricer, relaxed, self.opts.gap, self.opts.deadline)
                self.stats["branch_nodes"] = tree.nodes
                bound, sides = tree.bound, tree.sides
            pricer.set_sides(sides, sides)
            final = pricer.run(self.opts.deadline)
        self.lp_optimal = final.converged
        self.stats["pricing_s"] += time.perf_counter() - started
        chosen = final.chosen[final.reduced >= -SLACK_TOL]
        return self.finish(self.model_over(chosen, sides), bound, pricer)

    def widen(self, best: Solved, bound: float, pricer: Pricer) -> Result:
        """Step 5's fallback: every arc that can still be part of a better solution, found
        with the root LP's duals (still the pricer's: nothing was priced since)."""
        chosen = np.union1d(best.chosen, may_improve(self.store, pricer, bound - best.objective))
        self.stats["widened_to"] = int(chosen.size)
        if self.too_late(chosen.size):  # the time limit: the first MIP's point, B stays
            return self.finish(best, bound, pricer)
        wide = self.model_over(chosen)
        bound = min(bound, max(best.objective, wide.bound))
        return self.finish(wide if wide.objective >= best.objective else best, bound, pricer)

    def loads(self, pricer: Pricer, relaxed: Priced) -> Result:
        """Whole loads: the LP bound B is weak (every flow's last load is partial in it), so
        the MIP over the priced arcs near the LP's (from the LP rounded down to whole loads,
        `matching.load_round`) is only solved to LOADS_FIRST_GAP for an incumbent z; then the
        MIP over every arc that can still be in a better solution (`may_improve`), started
        from z, is solved to the gap: its bound, capped by B, is the component's."""
        core = relaxed.chosen[relaxed.reduced >= -LOADS_CORE_EUR_PER_T]
        start = rounded_start(self.system, self.store, relaxed, core)
        share = LOADS_FIRST_SHARE if len(self.store) <= LOADS_WIDEN_MAX_ARCS else 1.0
        first = self.model_over(core, search=Search(gap=LOADS_FIRST_GAP, share=share, start=start))
        bound = relaxed.bound
        if not first.found or proven(first.objective, bound, self.opts.gap):
            return self.finish(first, bound, pricer)
        chosen = np.union1d(first.chosen, may_improve(self.store, pricer, bound - first.objective))
        self.stats["widened_to"] = int(chosen.size)
        if chosen.size > LOADS_WIDEN_MAX_ARCS or self.too_late(chosen.size):  # B stays
            return self.finish(first, bound, pricer)
        wide = self.model_over(chosen, search=Search(start=first))
        bound = min(bound, max(first.objective, wide.bound))
        best = wide if wide.found and wide.objective > first.objective else first
        return self.finish(best, bound, pricer)

    def too_late(self, arcs: int) -> bool:
        """Whether a model over `arcs` arcs could not be built and solved before the
        deadline: less than `WIDEN_BUILDS` × its build time is left, at the rate the first
        model was built (so it follows the model's shape and the machine's load alike)."""
        left = self.opts.seconds_left()
        per_arc = self.stats["build_s"] / max(1, self.stats.get("arcs_model", 0))
        return left is not None and left < WIDEN_BUILDS * per_arc * arcs

    def finish(self, best: Solved, bound: float, pricer: Pricer) -> Result:
        self.stats["pricing_rounds"] = pricer.rounds
        self.stats["lp_restarts"] = pricer.restarts
        return self.result(best, bound)

    def result(self, best: Solved, bound: float) -> Result:
        if self.integral:
            loads = self.system.p.params.loads is not None
            best = without_losing_farms(best, self.store.data(best.chosen), loads)
        ok = best.finished and proven(best.objective, bound, self.opts.gap)
        return Result(
            best.chosen,
            best.x,
            best.k,
            best.exports,
            best.objective,
            max(bound, best.objective),
            ok,
            self.stats,
            best.found,
            self.lp_optimal,
            self.system,
        )


def solve_component(p: Problem, store: ArcStore, opts: Options) -> Result:
    """The optimal flows over `store`'s arcs (all arcs of one component)."""
    return _Solve(p, store, opts).run()
