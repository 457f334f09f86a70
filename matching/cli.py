"""`python -m matching solve | check | generate | bench` (INSTANCE.md, "Command line").

`solve` exits 0 when it wrote a solution (whatever its status), 2 on an invalid instance,
unreadable input, an output it cannot write, a gap outside [0, 1) or a time limit not above
0 s, printing one line per problem naming the item and the field; `check`
refuses the same instances in the same words (`matching.validate`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

SOLVERS = ("highs", "cbc")  # matching.solvers.SOLVERS, without importing the model code


def _solve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching solve", description="Solve an instance; write the solution."
    )
    parser.add_argument("instance", help="instance JSON (mestmatch/instance@1)")
    parser.add_argument("-o", "--output", required=True, help="solution JSON to write")
    parser.add_argument("--solver", choices=SOLVERS, default="highs")
    parser.add_argument("--time-limit", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--gap", type=float, default=1e-4, metavar="REL")
    return parser


def solve_main(argv: Sequence[str] | None = None) -> int:
    from matching.engine import solve_instance
    from matching.validate import InvalidInstance, problem_lines, read_document, write_document

    args = _solve_parser().parse_args(argv)
    folder = os.path.dirname(os.path.abspath(args.output))
    if os.path.isdir(args.output) or not os.access(folder, os.W_OK):
        why = "it is a folder" if os.path.isdir(args.output) else f"no writable folder {folder}"
        print(f"cannot write {args.output}: {why}", file=sys.stderr)
        return 2
    try:
        doc = read_document(args.instance)
        solution = solve_instance(doc, solver=args.solver, gap=args.gap, time_limit=args.time_limit)
    except InvalidInstance as exc:
        print(problem_lines(exc.errors), file=sys.stderr)
        return 2
    except ValueError as exc:  # the options (`check_options`)
        print(exc, file=sys.stderr)
        return 2
    try:
        write_document(args.output, solution)
    except OSError as exc:
        print(f"cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(summary(solution))
    return 0


def summary(solution: dict[str, Any]) -> str:
    """The line `solve` prints: status, objective, flows and time, or, when the solver
    stopped without a feasible plan (`solution_found` false), that it found none. A plan not
    proven optimal also says how far below its bound it may be, (bound − objective) /
    max(1, |bound|), the gap `status` is judged by: "time_limit" alone does not say whether
    the plan is 0.01 % or 25 % short."""
    seconds = f"{solution['stats']['total_s']:.2f} s"
    if not solution["solution_found"]:
        return (
            f"{solution['status']}: no plan found (solution_found false), {seconds}; "
            "a longer --time-limit may find one"
        )
    line = (
        f"{solution['status']}: objective {solution['objective']:.2f} EUR, "
        f"{len(solution['flows'])} flows, {seconds}"
    )
    if solution["status"] == "optimal":
        return line
    bound, objective = solution["bound"], solution["objective"]
    gap = (bound - objective) / max(1.0, abs(bound))
    return f"{line}; bound {bound:.2f} EUR, the plan at most {gap:.2%} below it"


def _command(name: str) -> Callable[[Sequence[str]], int] | None:
    """The command's entry point, importing only what that command needs."""
    modules = {
        "check": "matching.check",
        "generate": "matching.tools.generate",
        "bench": "matching.tools.bench",
    }
    if name == "solve":
        return solve_main
    return import_module(modules[name]).main if name in modules else None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = _command(args[0]) if args else None
    if command is None:
        print("usage: python -m matching {solve,check,generate,bench} ...", file=sys.stderr)
        return 2
    return command(args[1:])
