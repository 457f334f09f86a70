"""Run the engine benchmark and write `benchmarks/latest.md` beside this script.

`python benchmarks/run.py [--sizes 500,2000,10000] [--solvers highs,cbc] [--seed S] [--repeat K]`
is `python -m matching bench` with the output pinned to this folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from matching.tools.bench import main

LATEST = Path(__file__).resolve().parent / "latest.md"

if __name__ == "__main__":
    extra = sys.argv[1:]
    pinned = [] if {"-o", "--output"} & set(extra) else ["--output", str(LATEST)]
    raise SystemExit(main([*extra, *pinned]))
