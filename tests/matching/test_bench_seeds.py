"""`benchmarks/seeds.py`: one row per seed, solved in fresh processes, with the summary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "seeds.py"


def test_every_seed_gets_a_row_and_the_size_a_median_and_range(tmp_path: Path) -> None:
    report = tmp_path / "seeds.md"
    command = [sys.executable, str(SCRIPT), "--sizes", "150", "--seeds", "0-1,4", "-o", str(report)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("- 150 farms, seeds 0-1,4: median ")
    rows = [line.split(" | ") for line in lines if line.startswith("| 150 |")]
    assert [row[1] for row in rows] == ["0", "1", "4"]
    assert all(row[2].startswith("optimal, ") for row in rows)
