"""The market's cost and calendar tables (issue 11), kept as data files with source and year.

- `outlet_costs.json`: what a supplier pays per tonne to be rid of a lot elsewhere, per kind;
- `spreading_periods.json`: the legal spreading periods per class of kind and land use, and
  which kinds belong to which class (liquid or solid form);
- `truck_loads.json`: a tanker's and a trailer's tonnes per load and the prices of a load.

Read through `importlib.resources` and parsed once per process (as `matching.reference`
reads the rulebook's tables); callers must treat the returned dicts as read-only.
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
def outlet_costs() -> dict[str, Any]:
    """`{source, year, unit, note, kinds: {kind: {eur_per_t, range?, basis}}}`, every kind."""
    return _load("outlet_costs.json")


@cache
def spreading_periods() -> dict[str, Any]:
    """`{source, year, unit, note, land_uses: [str], classes: {class: {name, form, kinds,
    periods: {land use: {from: "MM-DD", until: "MM-DD"} | None}}}, differences_from_rules_md}`;
    every kind in exactly one class, every class a period (None: all year) per land use."""
    return _load("spreading_periods.json")


@cache
def truck_loads() -> dict[str, Any]:
    """`{source, year, unit, note, vehicles: {vehicle: {capacity_t, basis}}, vehicle_of_form:
    {"liquid" | "solid": vehicle}, eur_per_load, eur_per_load_km}`."""
    return _load("truck_loads.json")
