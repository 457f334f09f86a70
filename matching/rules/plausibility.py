"""Plausibility flags (RULES.md "Other limits"): is a declared figure within its sector range?

A figure outside the usual range of its kind is not refused (feather meal at 120 kg N/t is
real, and a farm may have an unusual lot): the web app saves it with a flag once the farmer
confirms it, and shows the flag to the farmer and the coordinator. Only the physical limits
of `matching.validate_fields` refuse. The ranges are data (`matching/data/plausibility.json`,
with source and year, read through `matching.reference.plausibility`).

Flag codes are the names of the fields they concern: `n_kg_per_t`, `p2o5_kg_per_t`,
`k2o_kg_per_t` and `tonnes` of a lot, `n_kg` of a request, `area_ha` of a farm, `ha` of a
natural-land parcel (against the farm size: a parcel is part of a farm), and `kind`
of a lot of animal manure whose farm has none of its animals in its livestock
(`livestock_flags`), `origin_status` of a lot stated more organic than its farm's
certification (`origin_flags`), and `n_room` of a request that asks more N than its farm has
room left for (the web app's farm accounts set it). A figure's flag needs the farmer's
confirmation; the kind's, the origin's and the room's do not (the livestock record may be
incomplete, or an intermediary posts the lot; a trader passes on another farm's organic
manure; the farm may be about to add land): the listing is saved with it and the farmer is
warned. Which animals a kind and a livestock category are is data
too: the `animal` of RVO's manure codes (`matching/data/manure_codes.json`) and of the
excretion norms' categories (`excretion_norms.json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from matching.reference import excretion_norms, manure_codes, plausibility
from matching.vocabulary import STATUSES

#: A lot's content fields (kg per tonne) that have a usual range per kind.
CONTENT_FIELDS = ("n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t")
#: Each size's flag code → its range's name in the data file.
SIZE_RANGES = {
    "tonnes": "lot_tonnes",
    "n_kg": "request_n_kg",
    "area_ha": "farm_area_ha",
    "ha": "farm_area_ha",
}
#: The flag of a lot whose kind is manure of animals its farm keeps none of.
KIND_FLAG = "kind"
#: The flag of a lot whose origin status is more organic than its farm's certification.
ORIGIN_FLAG = "origin_status"
#: The flag of a request that asks more N than its farm's N room left when it was saved.
ROOM_FLAG = "n_room"
#: The flags a listing is saved with unconfirmed (the farmer is warned instead).
WARNING_FLAGS = frozenset({KIND_FLAG, ORIGIN_FLAG, ROOM_FLAG})


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
    """The usual range of a size by its flag code (`tonnes` t, `n_kg` kg N, `area_ha` and
    `ha` ha).

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


def parcel_flags(ha: float | None) -> list[str]:
    """`["ha"]` when a natural-land parcel's hectares lie outside the usual farm size."""
    return unusual("ha", ha, usual_size("ha"))


def kind_animals(kind: str) -> frozenset[str]:
    """The animals whose manure `kind` is: the `animal` of the kind's RVO manure codes; empty
    for a kind that is no animal's manure (plant material, champost, digestate)."""
    codes = manure_codes()["codes"].values()
    return frozenset(row["animal"] for row in codes if row["kind"] == kind and "animal" in row)


def livestock_animals(categories: Iterable[str]) -> frozenset[str]:
    """The animals of livestock `categories` (keys of the excretion norms; others count as
    none)."""
    rows = excretion_norms()["categories"]
    return frozenset(rows[name]["animal"] for name in categories if name in rows)


def livestock_flags(kind: str, categories: Iterable[str]) -> list[str]:
    """`[KIND_FLAG]` when `kind` is manure of animals none of which are among the farm's
    livestock `categories` (those it keeps animals of); [] for any other kind."""
    animals = kind_animals(kind)
    return [KIND_FLAG] if animals and not animals & livestock_animals(categories) else []


def origin_flags(status: str, certified: Iterable[str]) -> list[str]:
    """`[ORIGIN_FLAG]` when a lot's origin `status` is more organic than each of `certified`
    (its farm's certification and its own animals' manure's; `STATUSES`, most organic first);
    [] otherwise.

    Why (RULES.md): organic manure is manure of organically certified animals (R7), and a
    farm in conversion's own manure counts as A only on that farm (R9), so a lot more organic
    than its farm must come from elsewhere: possible (a trader, a digester passing on a
    certified farm's manure), so saved, but an inspector asks for its proof of origin, the
    supplying farm's certificate and, through a mestintermediair, its Skal declaration
    (R11). A named intermediary does not lift the flag: its approval is ticked by the farmer
    who posts the lot, so it is a claim for the coordinator to check, not the proof (a
    newcomer cleared the mark that way and the lot was proposed as A with no mark).
    """
    rank = STATUSES.index(status)
    more_organic = all(rank < STATUSES.index(farm_status) for farm_status in certified)
    return [ORIGIN_FLAG] if more_organic else []


def confirmed_flags(flags: Iterable[str]) -> list[str]:
    """The flags that needed the farmer's confirmation: all but `WARNING_FLAGS`."""
    return [flag for flag in flags if flag not in WARNING_FLAGS]
