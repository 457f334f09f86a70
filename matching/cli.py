"""`python -m matching solve | check | generate | bench` (INSTANCE.md, "Command line").

`solve` exits 0 when it wrote a solution (whatever its status), 2 on an invalid instance or
unreadable input, printing one line per problem naming the item and the field; `check`
refuses the same instances in the same words (`matching.validate`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

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
    from matching.validate import InvalidInstance, read_document, write_document

    args = _solve_parser().parse_args(argv)
    try:
        doc = read_document(args.instance)
        solution = solve_instance(doc, solver=args.solver, gap=args.gap, time_limit=args.time_limit)
    except InvalidInstance as exc:
        print("\n".join(exc.errors), file=sys.stderr)
        return 2
    write_document(args.output, solution)
    print(
        f"{solution['status']}: objective {solution['objective']:.2f} EUR, "
        f"{len(solution['flows'])} flows, {solution['stats']['total_s']:.2f} s"
    )
    return 0


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
