"""The reference tables: complete for every kind and every livestock category the app uses,
with their source and year, and RULES R4's published organic values exactly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from market.demo.data import FARMS
from matching import reference
from matching.rules import KINDS

# RULES.md R4: organic excretion norms, kg N per animal per year (valid from 2021).
R4_VALUES = {
    "dairy_cow": 96.1,
    "dairy_cow_tie_stall": 90.6,
    "dairy_cow_deep_litter": 86.4,
    "young_stock_under_1": 32.3,
    "young_stock_over_1": 66.0,
    "breeding_bull_under_1": 26.7,
    "breeding_bull_over_1": 51.0,
    "beef_cow": 66.2,
    "breeding_sow": 12.0,
    "breeding_sow_piglets_to_25kg": 15.3,
}
# R4's "other categories" that must come from the current RVO table or be marked unsourced.
R4_OTHERS = ("fattening_pig", "laying_hen", "broiler", "goat", "sheep", "horse")


@pytest.mark.parametrize(
    "table", [reference.standard_contents, reference.excretion_norms, reference.manure_codes]
)
def test_each_table_names_its_source_and_year(table: Callable[[], dict[str, Any]]) -> None:
    doc = table()
    assert len(doc["source"]) > 40 and "RVO" in doc["source"]
    assert 2015 <= doc["year"] <= 2030


def test_standard_contents_cover_every_kind_with_plausible_figures() -> None:
    kinds = reference.standard_contents()["kinds"]
    assert set(kinds) == set(KINDS)
    for row in kinds.values():
        assert 0 < row["n_kg_per_t"] <= 85  # room for a ±15 % spread under the 100 kg/t cap
        assert 0 <= row["p2o5_kg_per_t"] <= 60 and 0 <= row["k2o_kg_per_t"] <= 60


def test_the_standard_contents_keep_the_tables_champost_figure() -> None:
    """Champost's row is Tabel 11's code 110 (which happens to be R7's 7 kg N/t too); the note
    says the rules count 7 kg whatever the figure."""
    champost = reference.standard_contents()["kinds"]["champost"]
    code_110 = reference.manure_codes()["codes"]["110"]["contents"]["2025"]
    assert (champost["code"], champost["n_kg_per_t"]) == ("110", code_110["n_kg_per_t"])
    assert "7 kg" in champost["note"]


def test_r4_organic_values_are_exact() -> None:
    categories = reference.excretion_norms()["categories"]
    assert {name: categories[name]["n_kg_per_animal"] for name in R4_VALUES} == R4_VALUES
    assert all(categories[name].get("sourced", True) for name in R4_VALUES)


def test_every_category_has_a_label_and_unsourced_values_say_so() -> None:
    categories = reference.excretion_norms()["categories"]
    for name in R4_OTHERS:
        assert name in categories
    for row in categories.values():
        assert row["n_kg_per_animal"] > 0 and row["label"]
        if row.get("sourced", True) is False:
            assert len(row["note"]) > 20


def test_every_demo_category_is_in_the_norms() -> None:
    used = {category for farm in FARMS for category, _ in farm.livestock}
    assert {"dairy_cow", "laying_hen", "veal_calf", "horse"} <= used
    assert used <= set(reference.excretion_norms()["categories"])


def test_the_tables_are_read_once() -> None:
    assert reference.standard_contents() is reference.standard_contents()
    assert reference.excretion_norms() is reference.excretion_norms()
