"""Animal manure from a farm that keeps none of those animals: implausible but possible (the
livestock record may be incomplete, or an intermediary posts the lot), so the lot is saved
with the `kind` flag, never refused, and the flag follows the kind and the farm's livestock.
Which animals a kind and a livestock category are comes from the data files (RVO's manure
codes and the excretion norms' categories)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.accounts.schemas import LivestockInput
from market.accounts.services.farm_profile import set_livestock
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.listings.schemas import LotInput, LotPatch
from market.listings.services.listings import create_lot, update_lot, withdraw_lot
from market.models import Farm
from matching.reference import excretion_norms
from matching.rules import ANIMAL_MANURE_KINDS, KINDS
from matching.rules.plausibility import kind_animals, livestock_animals, livestock_flags
from tests.factories import add_farm
from tests.market.conftest import LOT_FORM


def test_every_animal_manure_kind_and_every_category_names_its_animals() -> None:
    assert {kind for kind in KINDS if kind_animals(kind)} == ANIMAL_MANURE_KINDS
    kept = livestock_animals(excretion_norms()["categories"])
    assert kept == frozenset().union(*(kind_animals(kind) for kind in ANIMAL_MANURE_KINDS))


def test_the_flag_asks_for_an_animal_of_the_kind_among_the_farm_s_livestock() -> None:
    assert livestock_flags("cattle_slurry", []) == ["kind"]
    assert livestock_flags("cattle_slurry", ["dairy_cow"]) == []
    assert livestock_flags("veal_calf_manure", ["beef_cow"]) == []  # RVO: veal calves are cattle
    assert livestock_flags("pig_slurry", ["dairy_cow", "laying_hen"]) == ["kind"]
    assert livestock_flags("poultry_manure", ["broiler"]) == []
    assert livestock_flags("goat_manure", ["no_such_category"]) == ["kind"]
    for kind in ("digestate", "champost", "poultry_pellets", "compost_organic_plant"):
        assert livestock_flags(kind, []) == [], kind


def _cattle_farm(db: Session) -> Farm:
    farm = add_farm(db, "Melkveebedrijf De Terp")
    set_livestock(db, farm, LivestockInput(category="dairy_cow", head_count=80))
    return farm


def test_slurry_of_a_farm_without_cattle_is_saved_with_the_flag(db: Session) -> None:
    lot = create_lot(db, add_farm(db), parse(LotInput, LOT_FORM))
    db.commit()
    assert (lot.id is not None, lot.flags, lot.confirm_unusual) == (True, ["kind"], False)
    assert create_lot(db, _cattle_farm(db), parse(LotInput, LOT_FORM)).flags == []


def test_the_flag_is_no_confirmation_of_an_unusual_figure(db: Session) -> None:
    lot = create_lot(db, add_farm(db), parse(LotInput, LOT_FORM))
    with pytest.raises(ValidationError) as refused:
        update_lot(db, lot, parse(LotPatch, {"n_kg_per_t": 40}))
    assert refused.value.errors["n_kg_per_t"].code == "unusual_figure"
    update_lot(db, lot, parse(LotPatch, {"n_kg_per_t": 40, "confirm_unusual": True}))
    assert lot.flags == ["n_kg_per_t", "kind"]


def test_a_new_kind_is_flagged_for_the_farm_s_animals(db: Session) -> None:
    lot = create_lot(db, _cattle_farm(db), parse(LotInput, LOT_FORM))
    update_lot(db, lot, parse(LotPatch, {"kind": "pig_slurry"}))
    assert (lot.flags, lot.version) == (["kind"], 2)
    update_lot(db, lot, parse(LotPatch, {"kind": "cattle_slurry"}))
    assert lot.flags == []


def test_the_flag_follows_the_farm_s_livestock(db: Session) -> None:
    farm = add_farm(db)
    lot = create_lot(db, farm, parse(LotInput, LOT_FORM))
    gone = create_lot(db, farm, parse(LotInput, LOT_FORM))
    withdraw_lot(db, gone)
    set_livestock(db, farm, LivestockInput(category="young_stock_over_1", head_count=12))
    assert (lot.flags, lot.version, gone.flags) == ([], 1, ["kind"])
    set_livestock(db, farm, LivestockInput(category="young_stock_over_1", head_count=0))
    assert lot.flags == ["kind"]
