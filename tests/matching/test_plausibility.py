"""Plausibility as data: the sector ranges, the flags and the engine's physical limits."""

from __future__ import annotations

import pytest

from matching import instance_errors, solve_instance
from matching.reference import plausibility, standard_contents
from matching.rules import KINDS
from matching.rules.plausibility import (
    CONTENT_FIELDS,
    farm_flags,
    lot_flags,
    request_flags,
    usual_content,
    usual_size,
)
from tests.matching._factories import farm, flows, instance, lot, request


def test_the_ranges_file_covers_every_kind_with_source_and_a_basis() -> None:
    data = plausibility()
    assert data["source"] and data["year"] >= 2016
    assert set(data["contents"]) == set(KINDS)
    for kind, row in data["contents"].items():
        assert row["basis"], kind
        for field in CONTENT_FIELDS:
            low, high = row[field]
            assert 0 <= low < high <= 1000, (kind, field)
    for name, size in data["sizes"].items():
        assert size["basis"] and 0 <= size["range"][0] < size["range"][1], name


def test_cattle_slurry_n_is_the_cbgv_2016_interval() -> None:
    usual = usual_content("cattle_slurry", "n_kg_per_t")
    assert (usual.low, usual.high) == (2.6, 5.4) if usual else False
    assert "CBGV 2016" in plausibility()["contents"]["cattle_slurry"]["basis"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_standard_contents_of_each_kind_are_usual(kind: str) -> None:
    """A lot on the RVO standard table is never flagged."""
    row = standard_contents()["kinds"][kind]
    contents = {field: float(row[field]) for field in CONTENT_FIELDS}
    assert lot_flags(kind, 100.0, contents) == []


@pytest.mark.parametrize(
    ("kind", "n", "flags"),
    [
        ("cattle_slurry", 40.0, ["n_kg_per_t"]),
        ("cattle_slurry", 60.0, ["n_kg_per_t"]),
        ("cattle_slurry", 4.4, []),
        ("mineral_n", 120.0, []),  # feather meal, Skal input list
        ("mineral_n", 145.0, []),  # hair meal
        ("mineral_n", 400.0, ["n_kg_per_t"]),
    ],
)
def test_contents_outside_their_kinds_range_are_flagged(
    kind: str, n: float, flags: list[str]
) -> None:
    assert lot_flags(kind, 100.0, {"n_kg_per_t": n, "p2o5_kg_per_t": None}) == flags


def test_sizes_outside_the_usual_are_flagged() -> None:
    assert lot_flags("cattle_slurry", 1e9, {}) == ["tonnes"]
    assert lot_flags("cattle_slurry", usual_size("tonnes").high, {}) == []
    assert request_flags(9_999_999_999) == ["n_kg"] and request_flags(4000) == []
    assert farm_flags(100_000) == ["area_ha"] and farm_flags(0) == farm_flags(40) == []


def test_feather_meal_at_120_kg_n_per_tonne_is_matched_by_the_engine() -> None:
    """Skal's input list holds N fertilisers above the old 100 kg/t limit: offered and placed."""
    # F2's own organic manure (3,000 kg N, all A) leaves room in its A-share for B inputs.
    doc = instance(
        [farm("F1"), farm("F2", own=3000.0)],
        [lot("L1", "F1", "mineral_n", 10.0, 120.0, status="conventional", skal_input_list=True)],
        [request("R2", "F2", 600.0)],
    )
    assert instance_errors(doc) == []
    placed = flows(solve_instance(doc))
    assert placed == {("L1", "R2"): pytest.approx(5.0)}  # 600 kg N / 120 kg N/t


def test_contents_above_the_physical_limit_are_refused() -> None:
    doc = instance([farm("F1"), farm("F2")], [lot("L1", "F1", p2o5=150.0)], [request("R", "F2", 9)])
    assert instance_errors(doc) == []  # 150 kg P2O5/t: unusual, not impossible
    doc["lots"][0].update(n_kg_per_t=1000.5, k2o_kg_per_t=1001)
    assert instance_errors(doc) == [
        "lots[0].n_kg_per_t: must be between 0 and 1000",
        "lots[0].k2o_kg_per_t: must be between 0 and 1000",
    ]


def test_natural_land_above_the_normal_cap_is_refused() -> None:
    """R2: natural land may carry a lower limit than the cap of R1, never a higher one."""
    natural = [{"ha": 5.0, "n_limit_kg_per_ha": 100}, {"ha": 2.0, "n_limit_kg_per_ha": 250}]
    doc = instance([farm("F1", natural_land=natural), farm("F2")], [], [])
    assert instance_errors(doc) == [
        "farms[0].natural_land[1].n_limit_kg_per_ha: must not exceed params.n_cap_kg_per_ha (170)"
    ]
    doc["farms"][0]["natural_land"][1]["n_limit_kg_per_ha"] = 170
    assert instance_errors(doc) == []
