"""Hand a PuLP model to HiGHS (default, through highspy) or CBC (bundled with PuLP) and read
back the values, the outcome and the dual bound in the model's own (maximise) sense.

CBC is the binary bundled in the PuLP wheel, run through `COIN_CMD` (PuLP 3.3 deprecates
the `PULP_CBC_CMD` wrapper around the same binary). It reports no dual bound; when it stops
on the relative gap, its own stopping rule guarantees bound ≤ objective + gap·max(1,
|objective|), and that is what we report.
CBC writes its files into a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import math
import tempfile
import time
from dataclasses import dataclass

import highspy
import pulp
from pulp import COIN_CMD
from pulp.apis import coin_api

from matching.model import Model

SOLVERS = ("highs", "cbc")
#: Time limits (measured on a 2-core machine, docs/engine.md): a solver overshoots its own
#: limit by the work around the search (PuLP hands the model over and reads it back; CBC is a
#: process with files), and the engine re-solves after a MIP (the polishing LP). A MIP gets
#: what is left minus a reserve for that: a share of it plus a cost per variable.
RESERVE_SHARE = 0.05
RESERVE_S_PER_VARIABLE = 6e-5
MIN_MIP_S = 0.01  # a MIP started after the deadline still gets a look at its root
FEASIBLE = 2  # HiGHS solution status kSolutionStatusFeasible
#: The CBC binary inside the PuLP wheel (what the deprecated PULP_CBC_CMD runs).
BUNDLED_CBC = COIN_CMD.executableExtension(coin_api.pulp_cbc_path)


@dataclass(frozen=True)
class Outcome:
    """What a solver made of a model: values are on the model's variables."""

    objective: float
    bound: float
    finished: bool  # proven within the gap (not stopped by the time limit)
    seconds: float
    found: bool = True  # the solver delivered a feasible point (else every value is 0)


def _no_solution(model: Model) -> None:
    """A solver stopped without a feasible point: deliver nothing rather than its iterate."""
    for var in model.prob.variables():
        var.varValue = 0.0


def _highs(model: Model, gap: float, seconds: float | None) -> Outcome:
    solver = pulp.HiGHS(msg=False, gapRel=gap, timeLimit=seconds)
    started = time.perf_counter()
    model.prob.solve(solver)
    spent = time.perf_counter() - started
    h = model.prob.solverModel
    info = h.getInfo()
    found = info.primal_solution_status == FEASIBLE
    if not found:
        _no_solution(model)
    objective = float(pulp.value(model.prob.objective) or 0.0)
    bound = -float(info.mip_dual_bound) if model.binaries else objective
    finished = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return Outcome(objective, max(bound, objective), finished, spent, found)


def _cbc(model: Model, gap: float, seconds: float | None) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="mestmatch-cbc-") as folder:
        solver = pulp.COIN_CMD(path=BUNDLED_CBC, msg=False, gapRel=gap, timeLimit=seconds)
        solver.tmpDir = folder
        started = time.perf_counter()
        model.prob.solve(solver)
        spent = time.perf_counter() - started
    status = model.prob.sol_status
    found = status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    if not found:
        _no_solution(model)
    objective = float(pulp.value(model.prob.objective) or 0.0)
    finished = status == pulp.LpSolutionOptimal
    slack = gap * max(1.0, abs(objective)) if model.binaries else 0.0
    bound = objective + slack if finished else math.inf
    return Outcome(objective, bound, finished, spent, found)


def mip_seconds(model: Model, seconds_left: float) -> float:
    """The limit to give the solver so that the solve, with its reserve, ends in time (s)."""
    reserve = RESERVE_SHARE * seconds_left + RESERVE_S_PER_VARIABLE * len(model.prob.variables())
    return max(MIN_MIP_S, seconds_left - reserve)


def run_solver(model: Model, solver: str, gap: float, seconds: float | None) -> Outcome:
    """Solve `model` with `solver` ("highs" or "cbc") to relative gap `gap`; `seconds` is the
    time left (a MIP only, see `matching.component`), of which the solver gets `mip_seconds`.
    `Outcome.found` is False when it stopped without a feasible point (all values 0)."""
    if seconds is not None:
        seconds = mip_seconds(model, seconds)
    return (_cbc if solver == "cbc" else _highs)(model, gap, seconds)
