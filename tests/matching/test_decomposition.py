"""Splitting into components: every part is a valid instance, and solving the parts and
merging gives exactly what solving the whole gives (the worker's fan-out relies on it)."""

from __future__ import annotations

import pytest

from matching import merge_solutions, solve_instance, split_instance, validate_instance
from matching.check import check_solution
from matching.tools.generate import generate_instance


@pytest.fixture(scope="module")
def doc() -> dict:
    instance = generate_instance(300, 11)
    instance["params"]["max_distance_km"] = 25  # short reach: many components
    return instance


def test_parts_are_valid_and_cover_every_item_once(doc: dict) -> None:
    parts = split_instance(doc)
    assert len(parts) > 3
    for part in parts:
        validate_instance(part)
    for key in ("farms", "lots", "requests"):
        ids = sorted(x["id"] for part in parts for x in part[key])
        assert ids == sorted(x["id"] for x in doc[key])
    kept = [repr(d) for part in parts for d in part["distances"]]
    assert len(kept) == len(set(kept)) and set(kept) <= {repr(d) for d in doc["distances"]}


def test_merged_part_solutions_equal_the_whole(doc: dict) -> None:
    whole = solve_instance(doc)
    parts = split_instance(doc)
    merged = merge_solutions(doc, [solve_instance(part) for part in parts])
    assert check_solution(doc, merged) == []
    assert merged["status"] == whole["status"] == "optimal"
    assert merged["objective"] == pytest.approx(whole["objective"], rel=1e-9)
    assert merged["flows"] == whole["flows"]
    for key in ("lots", "requests", "farms"):
        assert merged[key] == whole[key]
    assert whole["stats"]["components"] >= len(parts) - 1


def test_an_instance_without_any_arc_is_one_part() -> None:
    doc = generate_instance(5, 1)
    doc["requests"], doc["distances"] = [], []
    assert len(split_instance(doc)) == 1
