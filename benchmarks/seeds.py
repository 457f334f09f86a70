"""How the engine's time varies with the instance, not only with its size.

`python benchmarks/seeds.py [--sizes 2000,10000] [--seeds 0-9] [--time-limit 1000] [-o FILE]`

The README's table solves one generated instance per size (seed 1). The time depends on the
instance as much as on its size: the branch-and-price tree over the R5 either-or binaries
(docs/engine.md) has 1 node on some instances and over a thousand on others of the same
size. This solves each seed's instance in a fresh process (`matching.tools.bench.spawn`, as
`python -m matching bench` does; HiGHS, gap 1e-4) and prints, per size, the median and the
range of the total time, then one row per seed: status with the proven gap, total s,
branch-and-price nodes, pricing s and peak MB. The table goes to stdout and to `-o FILE`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from matching.tools.bench import spawn
from matching.tools.bench_table import gap
from matching.tools.generate import generate_instance


def _seeds(text: str) -> list[int]:
    """ "0-9" or "0,1,7" (or both: "0-3,7") as a list of seeds."""
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += range(int(low), int(high or low) + 1)
    return seeds


def _row(farms: int, seed: int, run: dict[str, Any]) -> tuple[float, str]:
    stats = run.get("stats") or {}
    total = float(stats.get("total_s", run.get("wall_s", float("nan"))))
    cells = [
        f"{farms:,}",
        str(seed),
        f"{run.get('status')}, {gap(run)}",
        f"{total:.2f}",
        str(stats.get("branch_nodes", "–")),
        f"{stats.get('pricing_s', float('nan')):.2f}",
        f"{run.get('peak_mb', float('nan')):,.0f}",
    ]
    return total, "| " + " | ".join(cells) + " |"


def measure(farms: int, seeds: list[int], args: argparse.Namespace) -> tuple[str, list[str]]:
    """The size's summary line and its table rows, one solve per seed."""
    rows, totals = [], []
    with tempfile.TemporaryDirectory(prefix="mestmatch-seeds-") as folder:
        for seed in seeds:
            path = Path(folder) / f"instance-{seed}.json"
            path.write_text(json.dumps(generate_instance(farms, seed)), encoding="utf-8")
            total, row = _row(farms, seed, spawn("engine", str(path), args))
            totals.append(total)
            rows.append(row)
            print(row, flush=True)
    summary = (
        f"{farms:,} farms, seeds {args.seeds}: median {statistics.median(totals):.2f} s, "
        f"range {min(totals):.2f}–{max(totals):.2f} s"
    )
    print(summary, flush=True)
    return summary, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/seeds.py")
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--seeds", default="0-9", help='"0-9", "0,1,7" or "0-3,7"')
    parser.add_argument("--time-limit", type=float, default=1000.0)
    parser.add_argument("--gap", type=float, default=1e-4)
    parser.add_argument("-o", "--output", default=None)
    args = parser.parse_args(argv)
    header = [
        "| farms | seed | status, proven gap | total s | B&P nodes | pricing s | peak MB |",
        "|---|---|---|---|---|---|---|",
    ]
    summaries, rows = [], []
    for farms in (int(size) for size in args.sizes.split(",")):
        summary, size_rows = measure(farms, _seeds(args.seeds), args)
        summaries.append(f"- {summary}")
        rows += size_rows
    report = "\n".join([*summaries, "", *header, *rows]) + "\n"
    print(report)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
