"""The rulebook's reference tables, kept as data files with their source and year.

Policy numbers change by law (RULES.md: "a number ... lives in configuration or data, never as
a literal buried in code"), so the tables live in `matching/data/*.json` and a new year's
figures are a data change, not a code change:
- `manure_codes.json`: RVO's manure codes (mestcodes, Tabel 11, the codes of the VDM) with
  the kind each belongs to, its names and its standard N and P2O5 per table year: the one
  home of animal manure's forfaitaire gehalten;
- `standard_contents.json`: the standard contents per lot kind in kg N, P2O5 and K2O per
  tonne, used when a lot has no lab analysis; a kind with a manure code names its default
  code and takes N and P2O5 from `manure_codes.json` (K2O, which Tabel 11 lacks, and the kinds
  without a code are WUR/CBGV typical values);
- `excretion_norms.json`: the excretion norms for organically kept animals (R4) in kg N per
  animal per year, used to compute a farm's own manure N from its livestock. A row the
  project could not source carries `"sourced": false` and a `note`;
- `rulebook.json`: the fixed numbers of the classification (champost's N per tonne and its
  manure part, digestate's manure shares), read by `matching.rules`;
- `plausibility.json`: the usual range of each kind's contents and of a lot's tonnes, a
  request's kg N and a farm's hectares, read by `matching.rules.plausibility` (a value
  outside is flagged, never refused).

The files are read through `importlib.resources` (so they work from a wheel too) and parsed
once per process; callers must treat the returned dicts as read-only.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files("matching") / "data"


def load_table(name: str) -> dict[str, Any]:
    """Parse one data file; a missing `source` or `year` is a broken file, not a default."""
    doc: dict[str, Any] = json.loads((_DATA / name).read_text(encoding="utf-8"))
    missing = {"source", "year"} - doc.keys()
    if missing:
        raise ValueError(f"{name}: missing {', '.join(sorted(missing))}")
    return doc


@cache
def standard_contents() -> dict[str, Any]:
    """`{source, year, unit, note, kinds: {kind: {n_kg_per_t, p2o5_kg_per_t, k2o_kg_per_t,
    code?, note?}}}`.

    Covers every kind of `matching.rules.KINDS`. A kind with a `code` gets that code's N and
    P2O5 of the newest table in `manure_codes()`; the file's own row holds only its K2O.
    Champost's row holds Tabel 11's figure (code 110); the rules count its N at
    `rulebook_numbers()["champost_n_kg_per_t"]` regardless.
    """
    doc = load_table("standard_contents.json")
    newest = max(manure_codes()["tables"], key=int)
    kinds = {kind: _completed(row, newest) for kind, row in doc["kinds"].items()}
    return {**doc, "kinds": kinds}


def _completed(row: dict[str, Any], table: str) -> dict[str, Any]:
    """A kind's row with its code's N and P2O5 of `table` (a row without a code as it is)."""
    if "code" not in row:
        return row
    figures = manure_codes()["codes"][row["code"]]["contents"][table]
    return {**row, "n_kg_per_t": figures["n_kg_per_t"], "p2o5_kg_per_t": figures["p2o5_kg_per_t"]}


@cache
def manure_codes() -> dict[str, Any]:
    """`{source, year, unit, note, animals, tables: {year: {name, source, years}}, codes: {code:
    {kind, animal?, name_nl, name_en, contents: {table year: {n_kg_per_t, p2o5_kg_per_t,
    k2o_kg_per_t|None}}}}, digestate: {max_parts, note}, kinds_without_code: {kind: why}}`.

    Codes are strings ("14"), as RVO and the VDM write them. Every code's kind is one of
    `matching.rules.KINDS` and every code has figures for every table (a test holds the file
    to RVO's Tabel 11).
    """
    return load_table("manure_codes.json")


def codes_of_kind(kind: str) -> tuple[str, ...]:
    """The manure codes that belong to `kind`, in the table's order (() for a kind without)."""
    return tuple(code for code, row in manure_codes()["codes"].items() if row["kind"] == kind)


def kind_of_code(code: str) -> str | None:
    """The kind a manure code belongs to; None for a code the table does not hold."""
    row = manure_codes()["codes"].get(code)
    return None if row is None else str(row["kind"])


def table_for(on: date) -> dict[str, Any]:
    """The table that applies on `on`: the one of that year, else the newest earlier one.

    A date before the first table the file holds takes the first table: older RVO tables are
    not in the file, and a default from the oldest one held beats refusing the lot.
    Answers `{year, name, source, years}` (`year` the table's key, an int).
    """
    tables = manure_codes()["tables"]
    years = sorted(int(year) for year in tables)
    year = max((y for y in years if y <= on.year), default=years[0])
    return {"year": year, **tables[str(year)]}


def standard_contents_for(code: str, on: date) -> dict[str, Any]:
    """A manure code's standard contents on `on` (a delivery's or a lot's date), kg per tonne.

    `{code, kind, table, table_year, n_kg_per_t, p2o5_kg_per_t, k2o_kg_per_t, k2o_from_table}`:
    N and P2O5 from the code's row in the table of `table_for(on)`; K2O from that row when
    the table gives one, else (Tabel 11 gives none) the kind's K2O of `standard_contents()`,
    and `k2o_from_table` says which. Raises `KeyError` for a code the file does not hold.
    """
    row = manure_codes()["codes"][code]
    table = table_for(on)
    figures = row["contents"][str(table["year"])]
    k2o = figures.get("k2o_kg_per_t")
    from_table = k2o is not None
    if not from_table:
        k2o = standard_contents()["kinds"][row["kind"]]["k2o_kg_per_t"]
    return {
        "code": code,
        "kind": row["kind"],
        "table": table["name"],
        "table_year": table["year"],
        "n_kg_per_t": float(figures["n_kg_per_t"]),
        "p2o5_kg_per_t": float(figures["p2o5_kg_per_t"]),
        "k2o_kg_per_t": float(k2o),
        "k2o_from_table": from_table,
    }


@cache
def excretion_norms() -> dict[str, Any]:
    """`{source, year, unit, animals, categories: {category: {animal, n_kg_per_animal, label,
    sourced?, note?}}}`; `animal` is the group the category belongs to, in the words of
    `manure_codes()`'s `animal` (what `animals` says)."""
    return load_table("excretion_norms.json")


@cache
def rulebook() -> dict[str, Any]:
    """`{source, year, note, numbers: {name: {value, unit, rule}}}`."""
    return load_table("rulebook.json")


@cache
def rulebook_numbers() -> dict[str, float]:
    """`{name: value}` of `rulebook()` (units and rule ids are in the file).

    Raises `KeyError` when a number has no `value`.
    """
    return {name: float(row["value"]) for name, row in rulebook()["numbers"].items()}


@cache
def plausibility() -> dict[str, Any]:
    """`{source, year, unit, note, contents: {kind: {n_kg_per_t: [low, high], p2o5_kg_per_t,
    k2o_kg_per_t, basis}}, sizes: {lot_tonnes | request_n_kg | farm_area_ha: {range: [low,
    high], basis}}}`; a `basis` says where a range comes from ("estimate" where it is ours).
    """
    return load_table("plausibility.json")
