"""`farms[].exported_animal_n_kg` is validated like every other quantity (docs/engine.md):
a finite number ≥ 0 or null, and never more than what the own animals produce; `solve`
and `check` refuse it with exit 2 and `item.field: reason`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from matching import instance_errors
from matching.cli import main
from tests.matching._factories import farm, instance, lot, request

FIELD = "farms[1].exported_animal_n_kg"


def market(exported: Any, own: Any = 1000.0) -> dict[str, Any]:
    receiver = farm("F2", exported_animal_n_kg=exported)
    receiver["own_manure_n_kg"] = own
    return instance([farm("F1"), receiver], [lot("L1", "F1")], [request("R2", "F2", 100)])


@pytest.mark.parametrize(
    ("exported", "reason"),
    [
        (-1.0, "must be at least 0"),
        (math.nan, "must be a number"),
        (math.inf, "must be a number"),
        (True, "must be a number"),
        ("500", "must be a number"),
        (1e10, "must be at most 1e+09"),
    ],
)
def test_a_bad_export_is_refused_naming_the_field(exported: Any, reason: str) -> None:
    assert instance_errors(market(exported)) == [f"{FIELD}: {reason}"]


def test_more_than_the_own_animals_produce_is_refused() -> None:
    assert instance_errors(market(1000.5)) == [f"{FIELD}: must not exceed own_manure_n_kg"]
    for no_own in (None, 0):
        assert instance_errors(market(1.0, no_own)) == [f"{FIELD}: must not exceed own_manure_n_kg"]
    assert instance_errors(market(1000.0)) == []  # all of it left the farm
    assert instance_errors(market(None)) == []  # null = 0


@pytest.mark.parametrize("command", ["solve", "check"])
def test_solve_and_check_exit_2_on_it(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc, out = tmp_path / "i.json", tmp_path / "s.json"
    doc.write_text(json.dumps(market(2000.0)), encoding="utf-8")
    out.write_text(json.dumps({"format": "mestmatch/solution@1", "flows": []}), encoding="utf-8")
    args = [str(doc), "-o", str(out)] if command == "solve" else [str(doc), str(out)]
    assert main([command, *args]) == 2
    assert f"{FIELD}: must not exceed own_manure_n_kg" in capsys.readouterr().err
