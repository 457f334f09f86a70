"""The rulebook's reference tables, kept as data files with their source and year.

Policy numbers change by law (RULES.md: "a number ... lives in configuration or data, never as
a literal buried in code"), so the tables live in `matching/data/*.json` and a new year's
figures are a data change, not a code change:
- `standard_contents.json`: RVO/WUR standard nutrient contents (forfaitaire gehalten) per lot
  kind in kg N, P2O5 and K2O per tonne, used when a lot has no lab analysis;
- `excretion_norms.json`: the excretion norms for organically kept animals (R4) in kg N per
  animal per year, used to compute a farm's own manure N from its livestock. A row the
  project could not source carries `"sourced": false` and a `note`;
- `rulebook.json`: the fixed numbers of the classification (champost's N per tonne and its
  manure part, digestate's manure shares), read by `matching.rules`.

The files are read through `importlib.resources` (so they work from a wheel too) and parsed
once per process; callers must treat the returned dicts as read-only.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files("matching") / "data"


def _load(name: str) -> dict[str, Any]:
    """Parse one data file; a missing `source` or `year` is a broken file, not a default."""
    doc: dict[str, Any] = json.loads((_DATA / name).read_text(encoding="utf-8"))
    missing = {"source", "year"} - doc.keys()
    if missing:
        raise ValueError(f"{name}: missing {', '.join(sorted(missing))}")
    return doc


@cache
def standard_contents() -> dict[str, Any]:
    """`{source, year, kinds: {kind: {n_kg_per_t, p2o5_kg_per_t, k2o_kg_per_t, note?}}}`.

    Covers every kind of `matching.rules.KINDS`. Champost's row holds the table's figure;
    the rules count its N at `rulebook_numbers()["champost_n_kg_per_t"]` regardless.
    """
    return _load("standard_contents.json")


@cache
def excretion_norms() -> dict[str, Any]:
    """`{source, year, categories: {category: {n_kg_per_animal, label, sourced?, note?}}}`."""
    return _load("excretion_norms.json")


@cache
def rulebook() -> dict[str, Any]:
    """`{source, year, note, numbers: {name: {value, unit, rule}}}`."""
    return _load("rulebook.json")


@cache
def rulebook_numbers() -> dict[str, float]:
    """`{name: value}` of `rulebook()` (units and rule ids are in the file).

    Raises `KeyError` when a number has no `value`.
    """
    return {name: float(row["value"]) for name, row in rulebook()["numbers"].items()}
