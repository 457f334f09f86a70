"""`python -m matching solve | check | generate`: files in, files out, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from matching.cli import main
from tests.matching._factories import farm, instance, lot, request


def _write(path: Path, doc: object) -> str:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_generate_solve_check_round_trip(tmp_path: Path) -> None:
    doc, sol = tmp_path / "i.json", tmp_path / "s.json"
    assert main(["generate", "--farms", "60", "--seed", "3", "-o", str(doc)]) == 0
    assert main(["solve", str(doc), "-o", str(sol), "--solver", "cbc", "--gap", "1e-6"]) == 0
    solution = json.loads(sol.read_text(encoding="utf-8"))
    assert solution["status"] == "optimal" and solution["stats"]["solver"] == "cbc"
    assert main(["check", str(doc), str(sol)]) == 0


def test_check_exits_1_on_a_violation(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    doc = instance([farm("F1"), farm("F2")], [lot("L1", "F1")], [request("R2", "F2", 100)])
    solution = {
        "format": "mestmatch/solution@1",
        "status": "optimal",
        "objective": 0,
        "bound": 0,
        "flows": [{"lot": "L1", "request": "R2", "tonnes": 500.0}],
    }
    assert (
        main(["check", _write(tmp_path / "i.json", doc), _write(tmp_path / "s.json", solution)])
        == 1
    )
    assert "L1->R2" in capsys.readouterr().out


def test_solve_exits_2_naming_the_field(tmp_path: Path) -> None:
    doc = instance([farm("F1"), farm("F2")], [lot("L1", "F1", n=1500)], [request("R2", "F2", 1)])
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "matching",
            "solve",
            _write(tmp_path / "i.json", doc),
            "-o",
            str(tmp_path / "s.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "lots[0].n_kg_per_t: must be between 0 and 1000" in done.stderr
    assert not (tmp_path / "s.json").exists()


def test_unknown_command_exits_2() -> None:
    assert main(["optimise"]) == 2


def test_check_imports_no_model_code(tmp_path: Path) -> None:
    """The checker must catch engine bugs, so it may not load the engine's modules."""
    probe = (
        "import sys, runpy; sys.argv = ['matching', 'check', 'x', 'y'];\n"
        "try:\n    runpy.run_module('matching', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "engine = {'matching.rules', 'matching.rules.classify', 'matching.model',"
        " 'matching.engine', 'matching.problem', 'matching.pricing'}\n"
        "print(sorted(engine & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
