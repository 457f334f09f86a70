"""Plausibility flags (RULES.md "Other limits"): is a declared figure within its sector range?

A figure outside the usual range of its kind is not refused (feather meal at 120 kg N/t is
real, and a farm may have an unusual lot): the web app saves it with a flag once the farmer
confirms it, and shows the flag to the farmer and the coordinator. Only the physical limits
of `matching.validate_fields` refuse. The ranges are data (`matching/data/plausibility.json`,
with source and year, read through `matching.reference.plausibility`).

Flag codes are the names of the fields they concern: `n_kg_per_t`, `p2o5_kg_per_t`,
`k2o_kg_per_t` and `tonnes` of a lot, `n_kg` of a request, `area_ha` of a farm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matching.reference import plausibility

#: A lot's content fields (kg per tonne) that have a usual range per kind.
CONTENT_FIELDS = ("n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t")
#: Each size's flag code → its range's name in the data file.
SIZE_RANGES = {"tonnes": "lot_tonnes", "n_kg": "request_n_kg", "area_ha": "farm_area_ha"}


@dataclass(frozen=True)
class Usual:
    """The usual range `low`..`high` (inclusive) of a figure, in the figure's unit."""

    low: float
    high: float

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


def usual_content(kind: str, field: str) -> Usual | None:
    """The usual range of `field` (one of `CONTENT_FIELDS`, kg/t) for lots of `kind`; None
    for a kind or field the data file does not cover."""
    row = plausibility()["contents"].get(kind, {})
    bounds = row.get(field)
    return None if bounds is None else Usual(float(bounds[0]), float(bounds[1]))


def usual_size(code: str) -> Usual:
    """The usual range of a size by its flag code (`tonnes` t, `n_kg` kg N, `area_ha` ha).

    Raises `KeyError` for another code.
    """
    low, high = plausibility()["sizes"][SIZE_RANGES[code]]["range"]
    return Usual(float(low), float(high))


def unusual(code: str, value: float | None, usual: Usual | None) -> list[str]:
    """`[code]` when `value` lies outside `usual`; [] when it is within, or either is None."""
    if value is None or usual is None or usual.holds(value):
        return []
    return [code]


def lot_flags(kind: str, tonnes: float | None, contents: Mapping[str, float | None]) -> list[str]:
    """The flag codes of a lot: each content (kg/t) outside its kind's range, and tonnes
    outside the usual lot size. `contents` maps `CONTENT_FIELDS` to values (None: unknown)."""
    flags = [
        flag
        for field in CONTENT_FIELDS
        for flag in unusual(field, contents.get(field), usual_content(kind, field))
    ]
    return flags + unusual("tonnes", tonnes, usual_size("tonnes"))


def request_flags(n_kg: float | None) -> list[str]:
    """`["n_kg"]` when a request's kg N lies outside the usual request size."""
    return unusual("n_kg", n_kg, usual_size("n_kg"))


def farm_flags(area_ha: float | None) -> list[str]:
    """`["area_ha"]` when a farm's hectares lie outside the usual farm size."""
    return unusual("area_ha", area_ha, usual_size("area_ha"))
