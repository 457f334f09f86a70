"""The classification of RULES R7–R10: one pure function, used by the engine and the web app.

A lot's category is derived from its kind and origin, never typed by a user. Besides the
letter, the engine needs three numbers per lot (INSTANCE.md, "What the engine derives"):
- `a_fraction` a ∈ [0, 1]: the share of the lot's N that counts as A-fertiliser (R8, R10);
- `organic_manure`: whether it is organic manure for R5's export/import coupling;
- `animal_fraction`: the share of its N that is animal-manure N under the N cap of R1.
`rule` is a message id naming the table row that decided, so a page can say *why*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matching.reference import rulebook_numbers
from matching.rules.kinds import (
    ANIMAL_MANURE_KINDS,
    DIRECT_ONLY_KINDS,
    HUSBANDRY_B_KINDS,
    KINDS,
    ORGANIC_PLANT_KINDS,
)


@dataclass(frozen=True)
class LotClass:
    """What the rules make of one lot (see the module docstring for the fields)."""

    category: str  # "A" | "A/B" | "B" | "C"
    a_fraction: float
    organic_manure: bool
    animal_fraction: float
    n_override_kg_per_t: float | None = None
    rule: str = ""

    @property
    def placeable(self) -> bool:
        """Category C is forbidden on organic farms (R7)."""
        return self.category != "C"

    @property
    def nonorganic_animal(self) -> bool:
        """Non-organic *animal* manure, the kind R5, R6 and R9 restrict (clarification 1)."""
        return not self.organic_manure and self.animal_fraction > 0


def _flag(origin: Mapping[str, object], name: str) -> bool:
    """Clarification 10: a null flag means false."""
    return bool(origin.get(name))


def _share(value: object) -> float:
    """An origin share as a float; origins are untyped JSON, so anything else is refused."""
    if not isinstance(value, int | float | str):
        raise TypeError(f"a share must be a number, not {type(value).__name__}")
    return float(value)


def _animal_manure(kind: str, organic: bool, origin: Mapping[str, object]) -> LotClass:
    if organic:
        return LotClass("A", 1.0, True, 1.0, rule="class.organic_manure")
    if _flag(origin, "husbandry_ok") and kind in HUSBANDRY_B_KINDS:
        return LotClass("B", 0.0, False, 1.0, rule="class.nonorganic_husbandry_ok")
    return LotClass("C", 0.0, False, 1.0, rule="class.nonorganic_manure_forbidden")


def champost_n_kg_per_t() -> float:
    """R7: the N that counts per tonne of champost (kg N/t), whatever its analysis says."""
    return rulebook_numbers()["champost_n_kg_per_t"]


def _direct_only(kind: str, organic: bool, origin: Mapping[str, object]) -> LotClass:
    """Poultry pellets and champost are A only straight from a certified organic farm.

    Champost's N counts as n_c kg/t with an animal part n_m/n_c (R7: 7 and 3.5 kg N/t).
    """
    n: float | None = None
    animal = 1.0
    if kind == "champost":
        n = champost_n_kg_per_t()
        animal = rulebook_numbers()["champost_manure_n_kg_per_t"] / n
    if organic and _flag(origin, "direct_from_organic_farm"):
        return LotClass("A", 1.0, True, animal, n, rule=f"class.{kind}_direct_organic")
    return LotClass("C", 0.0, organic, animal, n, rule=f"class.{kind}_not_direct_organic")


def _digestate(origin: Mapping[str, object]) -> LotClass:
    """R10: A-part a = m + (1 − m)·s with m the manure share (default m₀) and s the organic
    co-product share; animal fraction 1 when m ≥ the co-digestate minimum, else m."""
    numbers, share = rulebook_numbers(), origin.get("manure_share")
    m = numbers["digestate_manure_share_default"] if share is None else _share(share)
    animal = 1.0 if m >= numbers["codigestate_manure_share_min"] else m
    organic = _flag(origin, "manure_organic")
    if not (organic and _flag(origin, "coproducts_annex_ii")):
        return LotClass("C", 0.0, organic, animal, rule="class.digestate_conditions_unmet")
    s = _share(origin.get("coproducts_organic_share") or 0.0)
    a = m + (1.0 - m) * s
    category = "A" if a >= 1.0 else "A/B"
    return LotClass(category, a, organic, animal, rule="class.digestate_organic_manure")


def _other(kind: str, organic: bool, origin: Mapping[str, object]) -> LotClass:
    if kind in ORGANIC_PLANT_KINDS:
        if organic:
            return LotClass("A", 1.0, False, 0.0, rule="class.organic_plant_material")
        return LotClass("C", 0.0, False, 0.0, rule="class.nonorganic_plant_material")
    if kind == "green_compost":
        return LotClass("A", 1.0, False, 0.0, rule="class.green_compost")
    if kind == "bokashi":
        made = origin.get("made_from")
        grade = made if made in ("A", "B") else "C"
        return LotClass(
            grade, 1.0 if grade == "A" else 0.0, False, 0.0, rule=f"class.bokashi_{grade.lower()}"
        )
    if _flag(origin, "skal_input_list"):
        return LotClass("B", 0.0, False, 0.0, rule="class.mineral_on_input_list")
    return LotClass("C", 0.0, False, 0.0, rule="class.mineral_not_on_input_list")


def classify_lot(kind: str, origin: Mapping[str, object]) -> LotClass:
    """Category, A-fraction, organic-manure flag and animal fraction of one lot (R7–R10).

    `origin` holds the fields of INSTANCE.md's `lots[].origin`; missing keys count as null.
    Raises `ValueError` for a kind outside `KINDS`.
    """
    organic = origin.get("status") == "organic"
    if kind in ANIMAL_MANURE_KINDS:
        return _animal_manure(kind, organic, origin)
    if kind in DIRECT_ONLY_KINDS:
        return _direct_only(kind, organic, origin)
    if kind == "digestate":
        return _digestate(origin)
    if kind in KINDS:
        return _other(kind, organic, origin)
    raise ValueError(f"unknown kind {kind!r}")
