"""Every row and branch of INSTANCE.md's derivation table (RULES R7–R10), as a table.

Each case names the kind, the origin facts and what the rulebook derives by hand:
category, A-fraction a, organic manure (R5's column) and animal fraction (R1's cap). The
origin dicts hold only the fields a row reads; everything missing is null, which
clarification 10 reads as false (and `made_from` null as C, clarification 9 for digestate).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from matching.rules import KINDS, champost_n_kg_per_t, classify_lot


class Expect(NamedTuple):
    """What the table derives for one lot (n_override: champost's 7 kg N/t, else None)."""

    category: str
    a_fraction: float
    organic_manure: bool
    animal_fraction: float
    n_override: float | None = None


HUSBANDRY_B = (
    "cattle_slurry",
    "cattle_solid",
    "goat_manure",
    "sheep_manure",
    "horse_manure",
    "veal_calf_manure",
    "pig_solid",
)
NEVER_B = ("pig_slurry", "poultry_manure")
ANIMAL = HUSBANDRY_B + NEVER_B

ORGANIC_A = Expect("A", 1.0, True, 1.0)
NONORGANIC_B = Expect("B", 0.0, False, 1.0)
NONORGANIC_C = Expect("C", 0.0, False, 1.0)
PLANT_A = Expect("A", 1.0, False, 0.0)
PLANT_B = Expect("B", 0.0, False, 0.0)
PLANT_C = Expect("C", 0.0, False, 0.0)

# Row 1: animal manure. Organic is A whatever the husbandry; otherwise B only with husbandry_ok
# and a kind of the B list; conversion manure offered to another farm is not organic (R9).
ANIMAL_CASES: list[tuple[str, dict[str, Any], Expect]] = [
    *[(kind, {"status": "organic"}, ORGANIC_A) for kind in ANIMAL],
    *[(kind, {"status": "organic", "husbandry_ok": False}, ORGANIC_A) for kind in ANIMAL],
    *[
        (kind, {"status": "conventional", "husbandry_ok": True}, NONORGANIC_B)
        for kind in HUSBANDRY_B
    ],
    *[(kind, {"status": "conversion", "husbandry_ok": True}, NONORGANIC_B) for kind in HUSBANDRY_B],
    *[(kind, {"status": "conventional", "husbandry_ok": True}, NONORGANIC_C) for kind in NEVER_B],
    *[(kind, {"status": "conversion", "husbandry_ok": True}, NONORGANIC_C) for kind in NEVER_B],
    *[(kind, {"status": "conventional", "husbandry_ok": False}, NONORGANIC_C) for kind in ANIMAL],
    *[(kind, {"status": "conventional", "husbandry_ok": None}, NONORGANIC_C) for kind in ANIMAL],
    *[(kind, {"status": "conversion"}, NONORGANIC_C) for kind in ANIMAL],
]

# Rows 2 and 3: poultry pellets and champost are A only straight from an organic farm;
# the organic-manure column follows the status alone; champost is half animal N, 7 kg N/t.
DIRECT_CASES: list[tuple[str, dict[str, Any], Expect]] = [
    ("poultry_pellets", {"status": "organic", "direct_from_organic_farm": True}, ORGANIC_A),
    (
        "poultry_pellets",
        {"status": "organic", "direct_from_organic_farm": False},
        Expect("C", 0.0, True, 1.0),
    ),
    ("poultry_pellets", {"status": "organic"}, Expect("C", 0.0, True, 1.0)),
    ("poultry_pellets", {"status": "conventional", "direct_from_organic_farm": True}, NONORGANIC_C),
    ("poultry_pellets", {"status": "conversion", "husbandry_ok": True}, NONORGANIC_C),
    (
        "champost",
        {"status": "organic", "direct_from_organic_farm": True},
        Expect("A", 1.0, True, 0.5, 7.0),
    ),
    (
        "champost",
        {"status": "organic", "direct_from_organic_farm": None},
        Expect("C", 0.0, True, 0.5, 7.0),
    ),
    (
        "champost",
        {"status": "conventional", "direct_from_organic_farm": True},
        Expect("C", 0.0, False, 0.5, 7.0),
    ),
    ("champost", {"status": "conversion"}, Expect("C", 0.0, False, 0.5, 7.0)),
]

# Row 4: digestate. m = manure_share (null 0.5), s = coproducts_organic_share (null 0);
# a = m + (1 − m)·s when the manure is organic and the co-products are on Annex II; "A" only
# at a = 1; animal fraction 1 from m ≥ 0.5, else m; organic manure = manure_organic.
BOTH = {"manure_organic": True, "coproducts_annex_ii": True}
DIGESTATE_CASES: list[tuple[str, dict[str, Any], Expect]] = [
    ("digestate", {**BOTH}, Expect("A/B", 0.5, True, 1.0)),
    (
        "digestate",
        {**BOTH, "manure_share": None, "coproducts_organic_share": None},
        Expect("A/B", 0.5, True, 1.0),
    ),
    (
        "digestate",
        {**BOTH, "manure_share": 0.6, "coproducts_organic_share": 0.5},
        Expect("A/B", 0.8, True, 1.0),
    ),
    ("digestate", {**BOTH, "manure_share": 0.4}, Expect("A/B", 0.4, True, 0.4)),
    (
        "digestate",
        {**BOTH, "manure_share": 0.4, "coproducts_organic_share": 0.5},
        Expect("A/B", 0.7, True, 0.4),
    ),
    ("digestate", {**BOTH, "manure_share": 0.5}, Expect("A/B", 0.5, True, 1.0)),
    ("digestate", {**BOTH, "coproducts_organic_share": 1.0}, Expect("A", 1.0, True, 1.0)),
    ("digestate", {**BOTH, "manure_share": 1.0}, Expect("A", 1.0, True, 1.0)),
    ("digestate", {**BOTH, "manure_share": 0.0}, Expect("A/B", 0.0, True, 0.0)),
    (
        "digestate",
        {"manure_organic": True, "coproducts_annex_ii": False},
        Expect("C", 0.0, True, 1.0),
    ),
    ("digestate", {"manure_organic": True}, Expect("C", 0.0, True, 1.0)),
    (
        "digestate",
        {"manure_organic": False, "coproducts_annex_ii": True},
        Expect("C", 0.0, False, 1.0),
    ),
    ("digestate", {"coproducts_annex_ii": True, "manure_share": 0.3}, Expect("C", 0.0, False, 0.3)),
    ("digestate", {"status": "organic", "coproducts_annex_ii": True}, Expect("C", 0.0, False, 1.0)),
    (
        "digestate",
        {"status": "conventional", **BOTH, "coproducts_organic_share": 0.2},
        Expect("A/B", 0.6, True, 1.0),
    ),
]

# Rows 5–8: no animal N, never organic manure.
PLANT_CASES: list[tuple[str, dict[str, Any], Expect]] = [
    *[
        (kind, {"status": "organic"}, PLANT_A)
        for kind in ("compost_organic_plant", "plant_product")
    ],
    *[
        (kind, {"status": status}, PLANT_C)
        for kind in ("compost_organic_plant", "plant_product")
        for status in ("conversion", "conventional")
    ],
    *[
        ("green_compost", {"status": status}, PLANT_A)
        for status in ("organic", "conversion", "conventional")
    ],
    ("bokashi", {"status": "organic", "made_from": "A"}, PLANT_A),
    ("bokashi", {"status": "conventional", "made_from": "A"}, PLANT_A),
    ("bokashi", {"status": "organic", "made_from": "B"}, PLANT_B),
    ("bokashi", {"status": "organic", "made_from": "C"}, PLANT_C),
    ("bokashi", {"status": "organic", "made_from": None}, PLANT_C),
    ("bokashi", {"status": "organic"}, PLANT_C),
    ("mineral_n", {"status": "conventional", "skal_input_list": True}, PLANT_B),
    ("mineral_n", {"status": "organic", "skal_input_list": True}, PLANT_B),
    ("mineral_n", {"status": "organic", "skal_input_list": False}, PLANT_C),
    ("mineral_n", {"status": "organic", "skal_input_list": None}, PLANT_C),
    ("mineral_n", {}, PLANT_C),
]

CASES = ANIMAL_CASES + DIRECT_CASES + DIGESTATE_CASES + PLANT_CASES


def _case_id(case: tuple[str, dict[str, Any], Expect]) -> str:
    kind, origin, _ = case
    facts = ",".join(f"{key}={value}" for key, value in origin.items())
    return f"{kind}[{facts}]"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_the_derivation_table(case: tuple[str, dict[str, Any], Expect]) -> None:
    kind, origin, expect = case
    got = classify_lot(kind, origin)
    assert (got.category, got.organic_manure) == (expect.category, expect.organic_manure)
    assert got.a_fraction == pytest.approx(expect.a_fraction)
    assert got.animal_fraction == pytest.approx(expect.animal_fraction)
    assert got.n_override_kg_per_t == expect.n_override
    assert got.placeable is (expect.category != "C")
    assert got.nonorganic_animal is (not expect.organic_manure and expect.animal_fraction > 0)
    assert got.rule.startswith("class.")


def test_every_kind_has_a_row_in_the_table() -> None:
    assert {kind for kind, _, _ in CASES} == set(KINDS)
    assert len(KINDS) == 17


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_origin_reads_every_null_as_false(kind: str) -> None:
    """Clarification 10: with no facts at all only green compost is acceptable (A)."""
    got = classify_lot(kind, {})
    assert got.category == ("A" if kind == "green_compost" else "C")
    assert not got.organic_manure


def test_champost_counts_seven_kg_n_per_tonne_whatever_it_declares() -> None:
    assert champost_n_kg_per_t() == 7.0  # R7: 3.5 from manure + 3.5 from other matter
    for origin in ({"status": "organic", "direct_from_organic_farm": True}, {}):
        assert classify_lot("champost", origin).n_override_kg_per_t == 7.0
    other = [kind for kind in KINDS if kind != "champost"]
    assert all(
        classify_lot(kind, {"status": "organic"}).n_override_kg_per_t is None for kind in other
    )


def test_a_decisive_row_is_named_so_pages_can_say_why() -> None:
    rules = {classify_lot(kind, origin).rule for kind, origin, _ in CASES}
    assert len(rules) >= 12  # one id per row and branch, not one for all


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind 'cow_slurry'"):
        classify_lot("cow_slurry", {"status": "organic"})
