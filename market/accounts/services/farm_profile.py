"""A farmer keeps the farm profile up to date: land, natural land, animals, other fertilisers.

An edit merges the changed fields into the farm's current values and checks the result as a
whole `FarmInput`, so a new A part is checked against the stored other N. A Skal number is
checked (format, not taken) when it changes, and so is the farm name (no other farm has it:
the declaration of origin and the transport papers name the farm by it). A change of name,
Skal number or certification status withdraws the coordinator's approval: the approval
vouched for exactly those facts, so they must be checked again before the farm trades (R3).
A change of name is kept in the audit log (`RENAME`, the old and the new name), so the
coordinator sees what changed and papers under the old name can be traced to the farm. A
change of certification flags the farm's open lots anew: a lot more organic than the farm as
it is now is marked, one no longer more organic loses its mark
(`market.listings.services.origin`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from market.accounts.registration_numbers import normal_skal_number
from market.accounts.schemas import FarmInput, FarmPatch, LivestockInput
from market.accounts.services.accounts import farm_name_problem, skal_number_problem
from market.accounts.services.farms import add_livestock, farm_values
from market.audit import services as audit
from market.core.schemas import parse
from market.core.validation import FieldError, ValidationError
from market.listings.services.animals import flag_open_lots
from market.models import Farm, Livestock

APPROVAL_FACTS = ("name", "skal_number", "status")
RENAME = "farm.rename"
#: The farm's certification, which its lots' origin is checked against.
CERTIFICATION = ("status", "own_manure_status")


def update_farm(session: Session, farm: Farm, patch: FarmPatch, actor_id: int | None) -> Farm:
    """Apply a profile change made by the account `actor_id`; refuses (and changes nothing)
    when any field is wrong."""
    merged = {name: getattr(farm, name) for name in FarmInput.model_fields} | patch.given()
    merged["skal_number"] = _skal_number(farm, merged["skal_number"])
    values = farm_values(_checked(session, farm, merged))
    if _changes(farm, values, APPROVAL_FACTS):
        farm.approved = False
    if values["name"] != farm.name:
        renamed = {"old_name": farm.name, "new_name": values["name"]}
        audit.record(session, actor_id, RENAME, "farm", farm.id, **renamed)
    recertified = _changes(farm, values, CERTIFICATION)
    for field, value in values.items():
        setattr(farm, field, value)
    session.flush()
    if recertified:
        flag_open_lots(session, farm)
    return farm


def _changes(farm: Farm, values: dict[str, Any], facts: tuple[str, ...]) -> bool:
    """Whether `values` change any of the farm's `facts`."""
    return any(values[fact] != getattr(farm, fact) for fact in facts)


def _skal_number(farm: Farm, given: str | None) -> str | None:
    """The number as given, normalised; the stored one when it is the same number."""
    number = normal_skal_number(given) or None
    return farm.skal_number if number == normal_skal_number(farm.skal_number) else number


def _checked(session: Session, farm: Farm, merged: dict[str, Any]) -> FarmInput:
    """The merged profile as a whole input, every field's problem and those of a taken Skal
    number or name reported together."""
    errors = _taken(session, farm, merged)
    try:
        whole = parse(FarmInput, merged)
    except ValidationError as error:
        raise ValidationError({**error.errors, **errors}) from None
    if errors:
        raise ValidationError(errors)
    return whole


def _taken(session: Session, farm: Farm, merged: dict[str, Any]) -> dict[str, FieldError]:
    """A changed Skal number or name that is wrong or another farm's; an unchanged one is
    left alone, as the coordinator approved it."""
    number, name = merged["skal_number"], merged["name"]
    problems: dict[str, FieldError | None] = {}
    if number is not None and number != farm.skal_number:
        problems["skal_number"] = skal_number_problem(session, number, farm.id)
    if isinstance(name, str) and name.strip() != farm.name:
        problems["name"] = farm_name_problem(session, name, farm.id)
    return {field: problem for field, problem in problems.items() if problem is not None}


def set_livestock(session: Session, farm: Farm, data: LivestockInput) -> None:
    """Set the average head count of one category; 0 removes the category from the farm.
    The farm's open lots are flagged anew: animal manure of animals it no longer keeps, or
    now keeps (`market.listings.services.animals`)."""
    existing = next((row for row in farm.livestock if row.category == data.category), None)
    if existing is not None:
        _change_head_count(session, farm, existing, data.head_count)
    elif data.head_count:
        add_livestock(session, farm, data)
    flag_open_lots(session, farm)


def _change_head_count(session: Session, farm: Farm, row: Livestock, count: int) -> None:
    if count == 0:
        farm.livestock.remove(row)
    else:
        row.head_count = count
    session.flush()


def remove_parcel(session: Session, farm: Farm, parcel_id: int) -> bool:
    """Remove one of the farm's own parcels; False when the farm has no such parcel."""
    parcel = next((row for row in farm.parcels if row.id == parcel_id), None)
    if parcel is None:
        return False
    farm.parcels.remove(parcel)
    session.flush()
    return True
