"""A farmer keeps the farm profile up to date: land, natural land, animals, other fertilisers.

Edits go through the same `clean_farm` checks as a new farm; a Skal number is checked
(format, not taken) when it changes. A change of Skal number or certification status
withdraws the coordinator's approval: the approval vouched for exactly those facts, so
they must be checked again before the farm trades (R3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from market.accounts.services.accounts import PROVINCES, normal_skal_number, skal_number_problem
from market.accounts.services.farms import add_livestock, add_natural_land, clean_farm
from market.core.validation import Checker, ValidationError
from market.models import Farm, Livestock, NaturalLandParcel

PROFILE_FIELDS = (
    "name",
    "skal_number",
    "status",
    "own_manure_status",
    "lat",
    "lon",
    "province",
    "address",
    "area_ha",
    "measured_own_manure_n_kg",
    "other_n_kg",
    "other_a_n_kg",
    "p2o5_room_kg",
    "a_share_min_exemption",
    "a_share_exemption_valid_until",
)
APPROVAL_FACTS = ("skal_number", "status")


def update_farm(session: Session, farm: Farm, data: Mapping[str, Any]) -> Farm:
    """Apply a profile form; refuses (and changes nothing) when any field is wrong."""
    current = {field: getattr(farm, field) for field in PROFILE_FIELDS}
    merged = {**current, **data, "approved": farm.approved}
    number = normal_skal_number(merged.get("skal_number")) or None
    kept = number == normal_skal_number(farm.skal_number)
    merged["skal_number"] = farm.skal_number if kept else number
    values = _checked(session, farm, merged)
    if any(values[fact] != getattr(farm, fact) for fact in APPROVAL_FACTS):
        values["approved"] = False
    for field, value in values.items():
        setattr(farm, field, value)
    session.flush()
    return farm


def _checked(session: Session, farm: Farm, merged: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    number = merged["skal_number"]
    changed = number is not None and number != farm.skal_number
    problem = skal_number_problem(session, number, farm.id) if changed else None
    if problem is not None:
        errors["skal_number"] = problem
    if merged.get("province") not in PROVINCES:
        errors["province"] = "Choose a value."
    try:
        values = clean_farm(merged)
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors:
        raise ValidationError(errors)
    return values


def set_livestock(session: Session, farm: Farm, category: str, head_count: object) -> None:
    """Set the average head count of one category; 0 removes the category from the farm."""
    check = Checker({"head_count": head_count})
    number = check.number("head_count", low=0)
    if number is not None and number != int(number):
        check.fail("head_count", "Must be a whole number, at least 0.")
    check.done()
    existing = next((row for row in farm.livestock if row.category == category), None)
    if existing is not None:
        _change_head_count(session, farm, existing, int(number or 0))
    elif number:
        add_livestock(session, farm, category, int(number))


def _change_head_count(session: Session, farm: Farm, row: Livestock, count: int) -> None:
    if count == 0:
        farm.livestock.remove(row)
    else:
        row.head_count = count
    session.flush()


def add_parcel(session: Session, farm: Farm, data: Mapping[str, Any]) -> NaturalLandParcel:
    """A natural-land parcel (R2) from a form: name, hectares and its own N limit per ha."""
    check = Checker(data)
    name = check.text("name", max_length=120) or ""
    ha = check.number("ha", positive=True)
    limit = check.number("n_limit_kg_per_ha", low=0)
    check.done()
    return add_natural_land(session, farm, name, float(ha or 0), float(limit or 0))


def remove_parcel(session: Session, farm: Farm, parcel_id: int) -> bool:
    """Remove one of the farm's own parcels; False when the farm has no such parcel."""
    parcel = next((row for row in farm.parcels if row.id == parcel_id), None)
    if parcel is None:
        return False
    farm.parcels.remove(parcel)
    session.flush()
    return True
