"""RVO's manure codes (Tabel 11): the data file held to the official figures code by code, the
kinds they belong to, the table that applies on a date, and the per-kind defaults that take
their N and P2O5 from the codes."""

from __future__ import annotations

from datetime import date

import pytest

from matching import reference
from matching.rules import KINDS

# RVO, Tabel 11 "Forfaitaire gehalten" (2025/2026): code -> (kind, kg N/t, kg P2O5/t).
OFFICIAL_2025 = {
    "10": ("cattle_solid", 6.4, 3.2),
    "14": ("cattle_slurry", 4.0, 1.5),
    "18": ("veal_calf_manure", 3.2, 1.2),
    "19": ("veal_calf_manure", 5.5, 2.2),
    "25": ("horse_manure", 4.8, 2.5),
    "35": ("poultry_manure", 26.8, 24.9),
    "39": ("poultry_manure", 31.1, 15.4),
    "40": ("pig_solid", 8.1, 8.0),
    "46": ("pig_slurry", 3.8, 2.4),
    "50": ("pig_slurry", 6.4, 3.8),
    "56": ("sheep_manure", 8.5, 4.7),
    "60": ("goat_manure", 4.8, 2.5),
    "61": ("goat_manure", 9.1, 4.8),
    "110": ("champost", 7.0, 3.9),
}


@pytest.mark.parametrize("code", sorted(OFFICIAL_2025, key=int))
def test_each_code_holds_the_official_figures(code: str) -> None:
    row = reference.manure_codes()["codes"][code]
    figures = row["contents"]["2025"]
    assert (row["kind"], figures["n_kg_per_t"], figures["p2o5_kg_per_t"]) == OFFICIAL_2025[code]
    assert figures["k2o_kg_per_t"] is None  # Tabel 11 gives no K2O
    assert row["name_nl"] and row["name_en"]


def test_the_file_holds_exactly_the_official_codes_and_names_its_table() -> None:
    doc = reference.manure_codes()
    assert set(doc["codes"]) == set(OFFICIAL_2025)
    assert all(set(row["contents"]) == set(doc["tables"]) for row in doc["codes"].values())
    table = doc["tables"]["2025"]
    assert table["name"].startswith("Tabel 11, Forfaitaire gehalten") and "RVO" in table["name"]
    assert table["years"] == [2025, 2026] and "RVO" in table["source"]
    assert "Tabel 5" not in reference.standard_contents()["source"]


def test_every_kind_has_codes_or_says_why_not() -> None:
    without = reference.manure_codes()["kinds_without_code"]
    for kind in KINDS:
        codes = reference.codes_of_kind(kind)
        assert bool(codes) != (kind in without or kind == "digestate"), kind
    assert reference.codes_of_kind("pig_slurry") == ("46", "50")
    assert (reference.kind_of_code("19"), reference.kind_of_code("999")) == (
        "veal_calf_manure",
        None,
    )


def test_the_kinds_defaults_are_their_codes_figures() -> None:
    """One source of truth: a kind with a code shows that code's N and P2O5."""
    kinds = reference.standard_contents()["kinds"]
    for kind, row in kinds.items():
        if "code" in row:
            assert reference.kind_of_code(row["code"]) == kind
            _, n, p2o5 = OFFICIAL_2025[row["code"]]
            assert (row["n_kg_per_t"], row["p2o5_kg_per_t"]) == (n, p2o5)
    assert (kinds["cattle_solid"]["n_kg_per_t"], kinds["cattle_solid"]["p2o5_kg_per_t"]) == (
        6.4,
        3.2,
    )


@pytest.mark.parametrize(
    ("day", "table_year"),
    [(date(2025, 1, 1), 2025), (date(2026, 12, 31), 2025), (date(2031, 6, 1), 2025)],
)
def test_the_table_of_the_date_applies_else_the_latest_earlier(day: date, table_year: int) -> None:
    found = reference.standard_contents_for("46", day)
    assert found["table_year"] == table_year and found["table"].startswith("Tabel 11")
    assert (found["n_kg_per_t"], found["p2o5_kg_per_t"]) == (3.8, 2.4)


def test_before_the_first_table_the_first_applies() -> None:
    assert reference.table_for(date(2019, 5, 1))["year"] == 2025


def test_k2o_comes_from_the_kind_where_the_table_has_none() -> None:
    found = reference.standard_contents_for("19", date(2026, 3, 1))
    kind_k2o = reference.standard_contents()["kinds"]["veal_calf_manure"]["k2o_kg_per_t"]
    assert (found["k2o_kg_per_t"], found["k2o_from_table"]) == (kind_k2o, False)


def test_an_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        reference.standard_contents_for("999", date(2026, 1, 1))


def test_with_two_tables_each_year_takes_its_own_or_the_latest_earlier(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new year's table is a data change: 2027's figures apply from 2027 on, 2025's before."""
    doc = reference.manure_codes()
    later = {"name": "Tabel 11 (2027)", "source": "test", "years": [2027]}
    code = {**doc["codes"]["14"], "contents": {**doc["codes"]["14"]["contents"]}}
    code["contents"]["2027"] = {"n_kg_per_t": 4.2, "p2o5_kg_per_t": 1.6, "k2o_kg_per_t": 5.0}
    two = {**doc, "tables": {**doc["tables"], "2027": later}, "codes": {"14": code}}
    monkeypatch.setattr(reference, "manure_codes", lambda: two)
    figures = {
        day.year: reference.standard_contents_for("14", day)
        for day in (date(2026, 6, 1), date(2027, 1, 1), date(2030, 1, 1))
    }
    assert {year: f["n_kg_per_t"] for year, f in figures.items()} == {
        2026: 4.0,
        2027: 4.2,
        2030: 4.2,
    }
    assert (figures[2027]["k2o_kg_per_t"], figures[2027]["k2o_from_table"]) == (5.0, True)
