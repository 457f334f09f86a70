"""Farms and their manure accounts: own production (R4) and N room (R1, R2).

The arithmetic is the rulebook's (`matching.rules`, shared with the engine); the policy
numbers (the N cap per ha, the A-share minimum) are passed in from `settings.policy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from market.core.reference import excretion_n_kg_per_head
from market.core.validation import Checker, ValidationError
from market.models import Farm, FarmStatus, Livestock, NaturalLandParcel
from matching.rules import n_room_kg, required_a_share

STATUSES = tuple(status.value for status in FarmStatus)


def farm_own_manure_n_kg(farm: Farm, norms: Mapping[str, float] | None = None) -> float:
    """Own animals' manure N (kg/yr): the measured figure if entered, else Σ heads × norm.

    `norms` maps a livestock category to kg N per animal per year (default: the RVO
    organic excretion norms of `matching.reference`).
    """
    if farm.measured_own_manure_n_kg is not None:
        return farm.measured_own_manure_n_kg
    table = excretion_n_kg_per_head() if norms is None else norms
    return sum(animal.head_count * table[animal.category] for animal in farm.livestock)


def farm_n_room_kg(farm: Farm, n_cap_kg_per_ha: float) -> float:
    """N room from animal manure (kg/yr, R1, R2): the rulebook's `n_room_kg` of the farm's
    normal land and natural-land parcels."""
    natural = [(parcel.ha, parcel.n_limit_kg_per_ha) for parcel in farm.parcels]
    return n_room_kg(farm.area_ha, natural, n_cap_kg_per_ha)


def farm_a_share_min(farm: Farm, policy_minimum: float, on: date) -> float:
    """The A-share minimum (R8) on `on`: a valid Skal exemption replaces the policy figure."""
    return required_a_share(
        policy_minimum, farm.a_share_min_exemption, farm.a_share_exemption_valid_until, on
    )


def create_farm(session: Session, data: Mapping[str, Any]) -> Farm:
    """A new farm from form-like `data`; raises `ValidationError` and writes nothing if bad."""
    farm = Farm(**clean_farm(data))
    session.add(farm)
    session.flush()
    return farm


def clean_farm(data: Mapping[str, Any]) -> dict[str, Any]:
    check = Checker(data)
    values: dict[str, Any] = {
        "name": check.text("name", max_length=200, required=True),
        "skal_number": check.text("skal_number", max_length=32),
        "status": _status(check, "status"),
        "own_manure_status": _status(check, "own_manure_status"),
        "approved": bool(check.flag("approved")),
        "lat": check.number("lat", low=-90, high=90),
        "lon": check.number("lon", low=-180, high=180),
        "province": check.text("province", max_length=40, required=True),
        "address": check.text("address", max_length=300) or "",
        "area_ha": check.number("area_ha", low=0),
        **_manure_accounts(check),
    }
    check.done()
    return values


def _status(check: Checker, field: str) -> FarmStatus | None:
    value = check.choice(field, STATUSES)
    return FarmStatus(value) if value is not None else None


def _manure_accounts(check: Checker) -> dict[str, Any]:
    values: dict[str, Any] = {
        "measured_own_manure_n_kg": check.number("measured_own_manure_n_kg", low=0, required=False),
        "other_n_kg": check.number("other_n_kg", low=0, required=False) or 0.0,
        "other_a_n_kg": check.number("other_a_n_kg", low=0, required=False) or 0.0,
        "p2o5_room_kg": check.number("p2o5_room_kg", low=0, required=False),
        "a_share_min_exemption": check.number(
            "a_share_min_exemption", low=0, high=1, required=False
        ),
        "a_share_exemption_valid_until": check.day("a_share_exemption_valid_until", required=False),
    }
    if values["other_a_n_kg"] > values["other_n_kg"]:
        check.fail("other_a_n_kg", "The A part cannot exceed the other fertiliser N.")
    return values


def add_livestock(session: Session, farm: Farm, category: str, head_count: int) -> Livestock:
    """Animals of one excretion-norm category; an unknown category or negative count is refused."""
    errors = {}
    if category not in excretion_n_kg_per_head():
        errors["category"] = f"Unknown animal category {category!r}."
    if isinstance(head_count, bool) or not isinstance(head_count, int) or head_count < 0:
        errors["head_count"] = "Must be a whole number, at least 0."
    if errors:
        raise ValidationError(errors)
    animals = Livestock(farm=farm, category=category, head_count=head_count)
    session.add(animals)
    session.flush()
    return animals


def add_natural_land(
    session: Session, farm: Farm, name: str, ha: float, n_limit_kg_per_ha: float
) -> NaturalLandParcel:
    """A natuurgrond parcel with its own N limit (R2)."""
    check = Checker({"ha": ha, "n_limit_kg_per_ha": n_limit_kg_per_ha})
    values = {
        "ha": check.number("ha", low=0),
        "n_limit_kg_per_ha": check.number("n_limit_kg_per_ha", low=0),
    }
    check.done()
    parcel = NaturalLandParcel(farm=farm, name=name, **values)
    session.add(parcel)
    session.flush()
    return parcel
