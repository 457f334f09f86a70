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


def test_a_solve_that_found_no_plan_says_so_and_check_too(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A newcomer read "time_limit: objective 0.00 EUR, 0 flows" and "ok: no violations" as a
    result; only the JSON said `solution_found: false`. CBC gets no time for its search on
    1,000 farms with a 10 t minimum delivery (as in test_time_limits)."""
    doc, sol = tmp_path / "i.json", tmp_path / "s.json"
    assert main(["generate", "--farms", "1000", "--seed", "7", "-o", str(doc)]) == 0
    hard = json.loads(doc.read_text(encoding="utf-8"))
    hard["params"]["min_delivery_t"] = 10
    _write(doc, hard)
    capsys.readouterr()
    solve = ["solve", str(doc), "-o", str(sol), "--solver", "cbc", "--time-limit", "0.05"]
    assert main(solve) == 0
    said = capsys.readouterr().out.strip().splitlines()[-1]
    assert said.startswith("time_limit: no plan found (solution_found false), ")
    assert said.endswith("; a longer --time-limit may find one")
    assert main(["check", str(doc), str(sol)]) == 0
    assert capsys.readouterr().out == (
        "ok: no violations; the solution holds no plan (solution_found false)\n"
    )


def test_solve_prints_only_its_own_line(tmp_path: Path) -> None:
    """HiGHS's banner ("Running HiGHS 1.16.0 … Copyright …", printed from C++ when PuLP makes
    the process's first `Highs()`) came before the summary on stdout. A process of its own:
    HiGHS prints the banner once per process."""
    doc = instance([farm("F1"), farm("F2")], [lot("L1", "F1")], [request("R2", "F2", 100)])
    solve = ["solve", _write(tmp_path / "i.json", doc), "-o", str(tmp_path / "s.json")]
    done = subprocess.run(
        [sys.executable, "-m", "matching", *solve], capture_output=True, text=True, check=True
    )
    [said] = done.stdout.splitlines()
    assert said.startswith("optimal: objective ")


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


def test_solve_refuses_meaningless_options_and_unwritable_outputs(
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    """Exit 2 with one line, never a traceback or a solution nobody asked for: a negative
    gap can never be proven, a limit of 0 s (or nan) stops before the first solve, and an
    output that cannot be written is found before the solve, not after it."""
    doc = _write(tmp_path / "i.json", instance([farm("F1")], [], []))
    out = str(tmp_path / "s.json")
    cases = {
        ("--gap", "-1"): "gap must be at least 0 and below 1",
        ("--gap", "1"): "gap must be at least 0 and below 1",
        ("--time-limit", "0"): "time limit must be a number of seconds above 0",
        ("--time-limit", "nan"): "time limit must be a number of seconds above 0",
    }
    for option, message in cases.items():
        assert main(["solve", doc, "-o", out, *option]) == 2
        assert message in capsys.readouterr().err
    assert not Path(out).exists()
    assert main(["solve", doc, "-o", str(tmp_path / "missing" / "s.json")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main(["solve", doc, "-o", str(tmp_path)]) == 2
    assert "it is a folder" in capsys.readouterr().err


def test_a_document_wrong_at_its_root_gets_a_readable_answer(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Farms not a list makes every lot's farm unknown: the first 50 problems and a count."""
    lots = [lot(f"L{i}", "F1") for i in range(80)]
    doc = instance([farm("F1")], lots, []) | {"farms": {}}
    assert main(["solve", _write(tmp_path / "i.json", doc), "-o", str(tmp_path / "s.json")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0] == "farms: must be a list"
    assert len(lines) == 51 and lines[-1] == "… and 31 more problems"
