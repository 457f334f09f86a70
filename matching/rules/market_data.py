"""The market's cost and calendar tables (issue 11), kept as data files with source and year.

- `outlet_costs.json`: what a supplier pays per tonne to be rid of a lot elsewhere, per kind;
- `spreading_periods.json`: the legal spreading periods per class of kind and land use, and
  which kinds belong to which class (liquid or solid form);
- `truck_loads.json`: a tanker's and a trailer's tonnes per load and the prices of a load.

Read with `matching.reference.load_table` (which refuses a file without source or year) and
parsed once per process; callers must treat the returned dicts as read-only.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from matching.reference import load_table


@cache
def outlet_costs() -> dict[str, Any]:
    """`{source, year, unit, note, kinds: {kind: {eur_per_t, range?, basis}}}`, every kind."""
    return load_table("outlet_costs.json")


@cache
def spreading_periods() -> dict[str, Any]:
    """`{source, year, unit, note, land_uses: [str], classes: {class: {name, form, kinds,
    periods: {land use: {from: "MM-DD", until: "MM-DD"} | None}}}, differences_from_rules_md}`;
    every kind in exactly one class, every class a period (None: all year) per land use."""
    return load_table("spreading_periods.json")


@cache
def truck_loads() -> dict[str, Any]:
    """`{source, year, unit, note, vehicles: {vehicle: {capacity_t, basis}}, vehicle_of_form:
    {"liquid" | "solid": vehicle}, eur_per_load, eur_per_load_km}`."""
    return load_table("truck_loads.json")
