"""One measured run in a fresh process: `python -m matching.tools.bench_run MODE INSTANCE ...`.

The benchmark starts this module once per solve so that each measurement gets its own
peak resident memory (`ru_maxrss`, KiB on Linux) and no size pollutes another. Modes:
`engine` (`matching.solve_instance`), `raw` (the full model straight into highspy, only
`run()` timed) and `greedy` (the nearest-first baseline). The result is one JSON line
prefixed with `BENCH ` on stdout (HiGHS may print its banner before it).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import time
from collections.abc import Mapping, Sequence
from typing import Any

RESULT_PREFIX = "BENCH "


def _flow_totals(solution: Mapping[str, Any]) -> dict[str, float]:
    """N placed (kg) and tonne-km of a solution's flows."""
    flows = solution.get("flows") or []
    return {
        "n_placed_kg": math.fsum(f["n_kg"] for f in flows),
        "tonne_km": math.fsum(f["tonnes"] * f["km"] for f in flows),
    }


def _engine(doc: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """The engine as a user meets it: JSON text in, JSON text out (`json_s` includes the
    parsing and writing; `wall_s` is `solve_instance` alone)."""
    from matching import solve_instance
    from matching.check import check_solution

    started = time.perf_counter()
    with open(args.instance, encoding="utf-8") as handle:
        fresh = json.load(handle)
    solving = time.perf_counter()
    solution = solve_instance(fresh, solver=args.solver, gap=args.gap, time_limit=args.time_limit)
    wall = time.perf_counter() - solving
    json.dumps(solution)
    json_s = time.perf_counter() - started
    return {
        "status": solution.get("status"),
        "objective": solution.get("objective"),
        "bound": solution.get("bound"),
        "wall_s": wall,
        "json_s": json_s,
        "stats": solution.get("stats") or {},
        "violations": len(check_solution(doc, solution)),
        **_flow_totals(solution),
    }


def _raw(doc: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from matching.tools.bench_raw import build_raw_model, solve_raw

    started = time.perf_counter()
    model = build_raw_model(doc)
    build = time.perf_counter() - started
    return {"build_s": build, **solve_raw(model, gap=args.gap, time_limit=args.time_limit)}


def _greedy(doc: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from matching.check import check_solution
    from matching.tools.greedy import greedy_solve

    started = time.perf_counter()
    solution = greedy_solve(doc)
    wall = time.perf_counter() - started
    return {
        "status": solution["status"],
        "objective": solution["objective"],
        "wall_s": wall,
        "violations": len(check_solution(doc, solution)),
        **_flow_totals(solution),
    }


MODES = {"engine": _engine, "raw": _raw, "greedy": _greedy}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m matching.tools.bench_run")
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("instance")
    parser.add_argument("--solver", default="highs")
    parser.add_argument("--gap", type=float, default=1e-4)
    parser.add_argument("--time-limit", type=float, default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one measurement and print its JSON result line."""
    args = _parser().parse_args(argv)
    with open(args.instance, encoding="utf-8") as handle:
        doc = json.load(handle)
    result = MODES[args.mode](doc, args)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
