"""`python -m matching bench [--sizes 500,2000,10000] [--solvers highs,cbc] [--repeat K]`.

For each size: generate an instance (`matching.tools.generate`, same seed), then measure in a
fresh subprocess each (`matching.tools.bench_run`, so peak memory is per solve): the engine per
solver, the engine with HiGHS on the `--variants` of the instance (whole truck loads,
windows: `matching.tools.bench_variants`), the raw HiGHS solve of the full model and the
greedy baseline. Times and memory
are medians over `--repeat` runs. Rows that cannot finish at a size are skipped, and the
table says so: the engine with CBC above `--cbc-max-farms` and the raw full model above
`--raw-max-farms` (both 10,000: minutes and ~6 GB there), the greedy baseline above
`--greedy-max-farms` (20,000: it holds every legal arc as a Python object, ~80 million at
50,000 farms). Every solve has a time limit.
The tables go to stdout, and to `--output` when given (`benchmarks/run.py` pins it to
benchmarks/latest.md).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matching.tools import bench_table
from matching.tools.bench_run import RESULT_PREFIX
from matching.tools.bench_variants import VARIANTS
from matching.tools.generate import generate_instance

DEFAULT_SIZES = "500,2000,10000"
DEFAULT_TIME_LIMIT_S = 180.0


def spawn(mode: str, path: str, args: argparse.Namespace, solver: str = "highs") -> dict:
    """One measurement in a fresh interpreter; a crash or overrun becomes a status."""
    command = [
        sys.executable,
        "-m",
        "matching.tools.bench_run",
        mode,
        path,
        "--solver",
        solver,
        "--gap",
        str(args.gap),
        "--time-limit",
        str(args.time_limit),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=2 * args.time_limit + 600
        )
    except subprocess.TimeoutExpired:
        return {"status": "killed (wall time)"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    last = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"status": f"failed: {last[:80]}"}


def _median(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Field-wise median of numbers (stats included); other fields from the first run."""
    first = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            values = [r[key] for r in runs if isinstance(r.get(key), int | float)]
            first[key] = statistics.median(values)
        elif isinstance(value, dict):
            first[key] = _median([r.get(key) or {} for r in runs])
    return first


def _repeat(mode: str, path: str, args: argparse.Namespace, solver: str = "highs") -> dict:
    return _median([spawn(mode, path, args, solver) for _ in range(args.repeat)])


def _engine_rows(farms: int, path: str, args: argparse.Namespace) -> tuple[list[str], dict]:
    rows: list[str] = []
    optimum: dict[str, Any] = {}
    for solver in args.solvers:
        label = f"engine {solver}"
        if solver == "cbc" and farms > args.cbc_max_farms:
            rows.append(bench_table.skipped_row(label, f"above {args.cbc_max_farms:,} farms"))
            continue
        run = _repeat("engine", path, args, solver)
        optimum = optimum or (run if solver == "highs" else {})
        rows.append(bench_table.engine_row(label, run))
    return rows, optimum


def _variant_rows(doc: dict[str, Any], folder: str, args: argparse.Namespace) -> list[str]:
    """The engine with HiGHS on each variant of `doc` (`--variants`)."""
    rows = []
    for name in args.variants:
        path = str(Path(folder) / f"instance-{name}.json")
        Path(path).write_text(json.dumps(VARIANTS[name](doc, args.seed)), encoding="utf-8")
        rows.append(bench_table.engine_row(f"engine highs, {name}", _repeat("engine", path, args)))
    return rows


def measure_size(farms: int, args: argparse.Namespace) -> str:
    """Generate one instance and return its Markdown section."""
    doc = generate_instance(farms, args.seed)
    with tempfile.TemporaryDirectory(prefix="mestmatch-bench-") as folder:
        path = str(Path(folder) / "instance.json")
        Path(path).write_text(json.dumps(doc), encoding="utf-8")
        rows, optimum = _engine_rows(farms, path, args)
        rows += _variant_rows(doc, folder, args)
        raw = _repeat("raw", path, args) if farms <= args.raw_max_farms else {}
        greedy = spawn("greedy", path, args) if farms <= args.greedy_max_farms else {}
    rows += [
        bench_table.raw_row(raw)
        if raw
        else bench_table.skipped_row(
            "raw highspy, full model", f"above {args.raw_max_farms:,} farms"
        ),
        bench_table.greedy_row(greedy)
        if greedy
        else bench_table.skipped_row(
            "greedy nearest-first", f"above {args.greedy_max_farms:,} farms"
        ),
    ]
    title = (
        f"{farms:,} farms (seed {args.seed}): {len(doc['lots']):,} lots, "
        f"{len(doc['requests']):,} requests, {raw.get('binaries', '–')} either-or farms"
    )
    return bench_table.section(title, rows, bench_table.notes(optimum, raw, greedy))


def _header(args: argparse.Namespace) -> str:
    return (
        f"## mestmatch benchmark\n\nMachine: {platform.machine()}, Python "
        f"{platform.python_version()}; gap {args.gap:g}, time limit {args.time_limit:g} s "
        f"per solve; medians over {args.repeat} run(s), each in a fresh process (peak MB = "
        "that process's ru_maxrss). Greedy: one run.\n"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching bench", description="Measure the engine against baselines."
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="farm counts, comma-separated")
    parser.add_argument("--solvers", default="highs,cbc", help="engine solvers to measure")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S)
    parser.add_argument("--gap", type=float, default=1e-4)
    parser.add_argument("--cbc-max-farms", type=int, default=10000)
    parser.add_argument(
        "--raw-max-farms",
        type=int,
        default=10000,
        help="the full model needs ~3 GB and minutes at 10,000 farms",
    )
    parser.add_argument(
        "--greedy-max-farms",
        type=int,
        default=20000,
        help="the greedy baseline holds every legal arc as a Python object",
    )
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help="instance variants solved by the engine with HiGHS (loads, windows; empty: none)",
    )
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        help="Markdown file to write (default: none, the tables are printed only; "
        "benchmarks/run.py writes benchmarks/latest.md)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Print and write the tables; 0 when done, 2 on a bad argument."""
    args = _parser().parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"--sizes must be integers separated by commas, not {args.sizes!r}")
        return 2
    args.solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    args.repeat = max(1, args.repeat)
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        print(f"--variants must be among {', '.join(VARIANTS)}, not {', '.join(unknown)}")
        return 2
    parts = [_header(args)]
    for farms in sizes:
        parts.append(measure_size(farms, args))
        print(parts[-1], flush=True)
    if args.output is not None:
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("\n".join(parts), encoding="utf-8")
        print(f"wrote {output}")
    return 0
