"""Farms and their manure accounts: own production (R4) and N room (R1, R2).

The arithmetic is the rulebook's (`matching.rules`, shared with the engine); the policy
numbers (the N cap per ha, the A-share minimum) are passed in from `settings.policy`. New
farms, animals and parcels come as their schemas (`market.accounts.schemas`), already checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from market.accounts.schemas import FarmInput, LivestockInput, NaturalLandInput
from market.core.reference import excretion_n_kg_per_head
from market.models import Farm, FarmStatus, Livestock, NaturalLandParcel
from matching.rules import n_room_kg, required_a_share


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


def create_farm(session: Session, data: FarmInput, *, approved: bool = False) -> Farm:
    """A new farm; `approved` only where a coordinator vouches for it (the demo farms)."""
    farm = Farm(**farm_values(data), approved=approved)
    session.add(farm)
    session.flush()
    return farm


def farm_values(data: FarmInput) -> dict[str, Any]:
    """The farm's columns from its profile input (an address left out is empty text)."""
    return {
        **data.model_dump(),
        "status": FarmStatus(data.status),
        "own_manure_status": FarmStatus(data.own_manure_status),
        "address": data.address or "",
    }


def add_livestock(session: Session, farm: Farm, data: LivestockInput) -> Livestock:
    """Animals of one excretion-norm category."""
    animals = Livestock(farm=farm, category=data.category, head_count=data.head_count)
    session.add(animals)
    session.flush()
    return animals


def add_natural_land(session: Session, farm: Farm, data: NaturalLandInput) -> NaturalLandParcel:
    """A natuurgrond parcel with its own N limit (R2)."""
    parcel = NaturalLandParcel(
        farm=farm, name=data.name or "", ha=data.ha, n_limit_kg_per_ha=data.n_limit_kg_per_ha
    )
    session.add(parcel)
    session.flush()
    return parcel
