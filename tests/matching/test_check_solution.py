"""The checker finds inconsistent solution documents: objective, duplicates, tiny flows,
unknown ids, summaries, header; and `python -m matching check` exits 0 or 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from matching.check import check_solution, main
from tests.matching._factories_check import by_id, flow, instance, solution


def _clean() -> tuple[dict[str, Any], dict[str, Any]]:
    doc = instance()
    return doc, solution(doc, [flow("L1", "R2", 50.0), flow("L3", "R2", 5.0)])


def test_objective_is_recomputed_from_flows() -> None:
    doc, sol = _clean()
    assert sol["objective"] == pytest.approx(2.0 * 240.0 - 0.15 * 40.0 * 55.0)
    sol["objective"] += 1.0
    assert any(p.startswith("objective is") for p in check_solution(doc, sol))


def test_objective_null_with_flows_is_reported() -> None:
    doc, sol = _clean()
    sol["objective"] = None
    assert "objective is null although there are flows" in check_solution(doc, sol)


def test_duplicate_flow_is_reported() -> None:
    doc = instance()
    sol = solution(doc, [flow("L1", "R2", 10.0), flow("L1", "R2", 10.0)])
    assert any("duplicate (lot, request) flow" in p for p in check_solution(doc, sol))


def test_tiny_flow_is_reported() -> None:
    doc = instance()
    sol = solution(doc, [flow("L1", "R2", 1e-7)])
    assert any("below 1e-06 t" in p for p in check_solution(doc, sol))


def test_unknown_ids_are_reported() -> None:
    doc, sol = _clean()
    sol["flows"].append(flow("L1", "R9", 1.0))
    sol["lots"].append({"id": "L9", "category": "A", "a_fraction": 1.0})
    problems = check_solution(doc, sol)
    assert any("unknown lot or request id" in p for p in problems)
    assert any("unknown id 'L9'" in p for p in problems)


@pytest.mark.parametrize(
    ("section", "item", "field", "message"),
    [
        ("lots", "L1", "placed_t", "lots[L1].placed_t"),
        ("lots", "L1", "left_t", "lots[L1].left_t"),
        ("lots", "L4", "a_fraction", "lots[L4].a_fraction"),
        ("requests", "R2", "met_n_kg", "requests[R2].met_n_kg"),
        ("requests", "R2", "unmet_n_kg", "requests[R2].unmet_n_kg"),
    ],
)
def test_summary_numbers_must_match_flows(
    section: str, item: str, field: str, message: str
) -> None:
    doc, sol = _clean()
    by_id(sol[section], item)[field] += 0.5
    assert any(p.startswith(message) for p in check_solution(doc, sol))


def test_summary_category_and_presence() -> None:
    doc, sol = _clean()
    by_id(sol["lots"], "L4")["category"] = "A"
    sol["requests"] = [r for r in sol["requests"] if r["id"] != "R3"]
    problems = check_solution(doc, sol)
    assert "lots[L4].category: 'A', expected 'B'" in problems
    assert "requests summary: request R3 missing" in problems


def test_farm_summary_room_animal_n_and_a_share() -> None:
    doc, sol = _clean()
    # F2: room 170 x 40 = 6,800 kg; imports 200 + 40 kg N, all animal and all A.
    sol["farms"] = [
        {"id": "F2", "n_room_kg": 6800.0, "animal_n_kg": 240.0, "a_share": 1.0, "side": "imports"},
        {"id": "F4", "n_room_kg": 5100.0, "animal_n_kg": 6000.0, "a_share": 0.0, "side": "none"},
    ]
    assert check_solution(doc, sol) == []
    sol["farms"][0].update(n_room_kg=6560.0, a_share=0.9)
    problems = check_solution(doc, sol)
    assert any(p.startswith("farms[F2].n_room_kg") for p in problems)
    assert any(p.startswith("farms[F2].a_share") for p in problems)


def test_farm_summary_a_share_is_null_without_any_n() -> None:
    doc = instance()
    sol = solution(doc, [])
    sol["farms"] = [{"id": "F2", "n_room_kg": 6800.0, "animal_n_kg": 0.0, "a_share": None}]
    assert check_solution(doc, sol) == []


def test_header_format_and_status() -> None:
    doc, sol = _clean()
    sol["format"], sol["status"] = "mestmatch/solution@2", "done"
    problems = check_solution(doc, sol)
    assert any(p.startswith("format is") for p in problems)
    assert any(p.startswith("status 'done'") for p in problems)


def _write(tmp_path: Path, doc: dict[str, Any], sol: dict[str, Any]) -> list[str]:
    (tmp_path / "i.json").write_text(json.dumps(doc))
    (tmp_path / "s.json").write_text(json.dumps(sol))
    return [str(tmp_path / "i.json"), str(tmp_path / "s.json")]


def test_cli_exit_codes_and_one_line_per_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc, sol = _clean()
    assert main(_write(tmp_path, doc, sol)) == 0
    sol["flows"][0]["cost_eur"] = 0.0
    sol["objective"] = 0.0
    capsys.readouterr()
    assert main(_write(tmp_path, doc, sol)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("flows[0] L1->R2: cost_eur is 0.0")


def test_cli_unreadable_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "i.json").write_text("{not json")
    assert main([str(tmp_path / "i.json"), str(tmp_path / "i.json")]) == 2


def test_error_solution_need_not_list_summaries() -> None:
    doc = instance()
    sol = {
        "format": "mestmatch/solution@1",
        "status": "error",
        "objective": None,
        "bound": None,
        "flows": [],
        "lots": [],
        "requests": [],
        "farms": [],
    }
    assert check_solution(doc, sol) == []
    sol["status"] = "optimal"
    assert "lots summary: lot L1 missing" in check_solution(doc, sol)
