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
from typing import Any

import highspy
import pulp
from pulp import COIN_CMD
from pulp.apis import coin_api

from matching.highs import banner_silenced
from matching.model import Model

SOLVERS = ("highs", "cbc")
#: Time limits (docs/engine.md): the limit counts to a deadline, and a solver overshoots its
#: own limit by the work around its search. Handing the model over (PuLP building the
#: highspy model, or writing CBC's MPS file) is measured before the solver's limit is set;
#: what follows is reserved from what is left, as a multiple of the measured hand-over (it
#: grows with the model and with the machine's load alike), plus a share of the time left
#: for the solver's own overshoot (it checks the clock between steps). HiGHS: reading the
#: values back and the polishing LP after a MIP (the model handed over once more, solved
#: and read back: 0.27–0.38 s after a 0.13–0.20 s hand-over at 1,000 farms), 3 hand-overs.
#: CBC is a process of its own: it starts, reads the MPS file and solves its root LP before
#: it first reads its clock (0.27–0.39 s past its `-sec` after a 0.12 s hand-over at 1,000
#: farms), and its polishing LP is such a process again (0.49 s): 7 hand-overs. Our
#: estimates, measured on the shared 2-core machine (docs/engine.md, "Time limits").
AFTER_HANDOVER = {"highs": 3.0, "cbc": 7.0}
RESERVE_SHARE = 0.05
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


def solver_seconds(deadline: float, handed_s: float, solver: str) -> float:
    """The limit (s) to give `solver` at this moment so that the solve, with what follows
    it, ends by `deadline` (a `time.perf_counter()` value); `handed_s` is what handing the
    model over took. At least `MIN_MIP_S`."""
    left = deadline - time.perf_counter()
    return max(MIN_MIP_S, (1 - RESERVE_SHARE) * left - AFTER_HANDOVER[solver] * handed_s)


class _Clock:
    """When the hand-over to `solver` started, and the deadline (None: no limit)."""

    def __init__(self, deadline: float | None, solver: str) -> None:
        self.deadline, self.solver = deadline, solver
        self.started = time.perf_counter()

    def limit(self) -> float | None:
        if self.deadline is None:
            return None
        return solver_seconds(self.deadline, time.perf_counter() - self.started, self.solver)


class _HighsByDeadline(pulp.HiGHS):
    """PuLP's HiGHS, its time limit set once the model is handed over, made without the
    banner HiGHS prints before PuLP can switch its output off (`matching.highs`)."""

    def __init__(self, clock: _Clock, warm: bool, **options: Any) -> None:
        super().__init__(**options)
        self.clock, self.warm = clock, warm

    def createAndConfigureSolver(self, lp: pulp.LpProblem) -> None:
        with banner_silenced():
            super().createAndConfigureSolver(lp)

    def callSolver(self, lp: pulp.LpProblem) -> None:
        seconds = self.clock.limit()
        if seconds is not None:
            lp.solverModel.setOptionValue("time_limit", seconds)
        if self.warm:  # PuLP's HiGHS class has no warm start: the variables' values as one
            start = highspy.HighsSolution()
            start.col_value = [v.varValue or 0.0 for v in lp.variables()]
            start.value_valid = True
            lp.solverModel.setSolution(start)
        super().callSolver(lp)


class _CbcByDeadline(COIN_CMD):
    """PuLP's CBC command, its `-sec` worked out when PuLP reads the limit: after it wrote
    the MPS file, just before it starts the process."""

    def __init__(self, clock: _Clock, **options: Any) -> None:
        self.clock = clock
        super().__init__(**options)

    @property
    def timeLimit(self) -> float | None:
        return self.clock.limit()

    @timeLimit.setter
    def timeLimit(self, _value: float | None) -> None:
        """PuLP's constructor sets it; the clock decides."""


def _no_solution(model: Model) -> None:
    """A solver stopped without a feasible point: deliver nothing rather than its iterate."""
    for var in model.prob.variables():
        var.varValue = 0.0


def _highs(model: Model, gap: float, deadline: float | None, warm: bool) -> Outcome:
    clock = _Clock(deadline, "highs")
    model.prob.solve(_HighsByDeadline(clock, warm, msg=False, gapRel=gap))
    spent = time.perf_counter() - clock.started
    h = model.prob.solverModel
    info = h.getInfo()
    found = info.primal_solution_status == FEASIBLE
    if not found:
        _no_solution(model)
    objective = float(pulp.value(model.prob.objective) or 0.0)
    bound = -float(info.mip_dual_bound) if model.binaries else objective
    finished = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return Outcome(objective, max(bound, objective), finished, spent, found)


def _cbc(model: Model, gap: float, deadline: float | None, warm: bool) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="mestmatch-cbc-") as folder:
        clock = _Clock(deadline, "cbc")
        solver = _CbcByDeadline(clock, path=BUNDLED_CBC, msg=False, gapRel=gap, warmStart=warm)
        solver.tmpDir = folder
        model.prob.solve(solver)
        spent = time.perf_counter() - clock.started
    status = model.prob.sol_status
    found = status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    if not found:
        _no_solution(model)
    objective = float(pulp.value(model.prob.objective) or 0.0)
    finished = status == pulp.LpSolutionOptimal
    slack = gap * max(1.0, abs(objective)) if model.binaries else 0.0
    bound = objective + slack if finished else math.inf
    return Outcome(objective, bound, finished, spent, found)


def run_solver(
    model: Model, solver: str, gap: float, seconds: float | None, *, warm: bool = False
) -> Outcome:
    """Solve `model` with `solver` ("highs" or "cbc") to relative gap `gap`; `seconds` is the
    time left (a MIP only, see `matching.component`): the solver gets `solver_seconds` of it
    once the model is handed over. `warm`: start from the variables' initial values (a
    feasible point found before). `Outcome.found` is False when it stopped without a
    feasible point (all values 0)."""
    deadline = None if seconds is None else time.perf_counter() + seconds
    return (_cbc if solver == "cbc" else _highs)(model, gap, deadline, warm)
