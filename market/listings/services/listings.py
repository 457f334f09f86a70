"""Lots (aanbod) and requests (vraag): create, edit, withdraw.

Every change increments the listing's `version`, so proposals computed from an older
version can be marked stale. Input is checked completely before any row is touched: a
refused form raises `ValidationError` and leaves the session as it was. A lot without a lab
analysis gets the RVO standard contents of its kind (forfaitaire gehalten).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from market.core.reference import standard_contents
from market.core.validation import Checker, ValidationError
from market.models import LOT_KINDS, AnalysisSource, Farm, FarmStatus, ListingStatus, Lot, Request
from market.models.enums import BOKASHI_GRADES
from market.models.listings import N_KG_PER_T_MAX

STATUSES = tuple(status.value for status in FarmStatus)
ORIGIN_FLAGS = (
    "husbandry_ok",
    "direct_from_organic_farm",
    "manure_organic",
    "coproducts_annex_ii",
    "skal_input_list",
)
LOT_FIELDS = (
    "kind",
    "tonnes",
    "n_kg_per_t",
    "p2o5_kg_per_t",
    "k2o_kg_per_t",
    "analysed_on",
    "origin_status",
    *ORIGIN_FLAGS,
    "manure_share",
    "coproducts_organic_share",
    "made_from",
    "available_from",
    "available_until",
    "max_distance_km",
    "lat",
    "lon",
    "intermediary_name",
    "intermediary_skal_approved",
    "intermediary_valid_until",
)
REQUEST_FIELDS = (
    "n_kg",
    "kinds",
    "accept_nonorganic",
    "max_distance_km",
    "wanted_from",
    "wanted_until",
)
CONTENT_FIELDS = ("n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t")
Listing = TypeVar("Listing", Lot, Request)


def create_lot(session: Session, farm: Farm, data: Mapping[str, Any]) -> Lot:
    """A new open lot of `farm` (version 1)."""
    lot = Lot(farm=farm, **clean_lot(data, farm))
    session.add(lot)
    session.flush()
    return lot


def update_lot(session: Session, lot: Lot, data: Mapping[str, Any]) -> Lot:
    """Apply the fields in `data` to an open lot; the version goes up when anything changed.

    A lot on standard contents keeps following the table (for its possibly new kind)
    unless `data` brings an analysis.
    """
    _require_open(lot.status, "lot")
    current = {field: getattr(lot, field) for field in LOT_FIELDS}
    if lot.analysis_source is AnalysisSource.STANDARD and "n_kg_per_t" not in data:
        current.update(dict.fromkeys(CONTENT_FIELDS))
    _apply(lot, clean_lot({**current, **data}, lot.farm))
    session.flush()
    return lot


def withdraw_lot(session: Session, lot: Lot) -> Lot:
    return _withdraw(session, lot, "lot")


def create_request(session: Session, farm: Farm, data: Mapping[str, Any]) -> Request:
    """A new open request of `farm` for N; a conventional farm cannot ask for organic N."""
    request = Request(farm=farm, **clean_request(data, farm))
    session.add(request)
    session.flush()
    return request


def update_request(session: Session, request: Request, data: Mapping[str, Any]) -> Request:
    _require_open(request.status, "request")
    current = {field: getattr(request, field) for field in REQUEST_FIELDS}
    _apply(request, clean_request({**current, **data}, request.farm))
    session.flush()
    return request


def withdraw_request(session: Session, request: Request) -> Request:
    return _withdraw(session, request, "request")


def lot_origin(lot: Lot) -> dict[str, Any]:
    """The lot's origin as the engine's `classify_lot` and the instance document expect it."""
    origin: dict[str, Any] = {field: getattr(lot, field) for field in ORIGIN_FLAGS}
    origin.update(
        status=lot.origin_status.value,
        manure_share=lot.manure_share,
        coproducts_organic_share=lot.coproducts_organic_share,
        made_from=lot.made_from,
    )
    return origin


def clean_lot(data: Mapping[str, Any], farm: Farm) -> dict[str, Any]:
    """Checked column values for a lot, or `ValidationError` with every problem found."""
    check = Checker(data)
    kind = check.choice("kind", LOT_KINDS)
    values = {
        "kind": kind,
        "tonnes": check.number("tonnes", positive=True),
        **_contents(check, kind),
        **_origin(check, farm),
        **_period(check, "available_from", "available_until"),
        "max_distance_km": check.number("max_distance_km", low=0, required=False),
        **_place(check),
        **_intermediary(check),
    }
    check.done()
    return values


def clean_request(data: Mapping[str, Any], farm: Farm) -> dict[str, Any]:
    check = Checker(data)
    if farm.status is FarmStatus.CONVENTIONAL:
        check.fail("farm", "A conventional farm cannot ask for organic fertiliser.")
    values = {
        "n_kg": check.number("n_kg", positive=True),
        "kinds": _kinds(check),
        "accept_nonorganic": bool(check.flag("accept_nonorganic")),
        "max_distance_km": check.number("max_distance_km", low=0, required=False),
        **_period(check, "wanted_from", "wanted_until"),
    }
    check.done()
    return values


def _contents(check: Checker, kind: str | None) -> dict[str, Any]:
    """Lab figures where given; the standard table fills the rest (all of it without N)."""
    given = {
        "n_kg_per_t": check.number("n_kg_per_t", low=0, high=N_KG_PER_T_MAX, required=False),
        "p2o5_kg_per_t": check.number("p2o5_kg_per_t", low=0, required=False),
        "k2o_kg_per_t": check.number("k2o_kg_per_t", low=0, required=False),
    }
    analysed_on = check.day("analysed_on", required=False)
    measured = given["n_kg_per_t"] is not None
    values = {
        "analysis_source": AnalysisSource.MEASURED if measured else AnalysisSource.STANDARD,
        "analysed_on": analysed_on if measured else None,
    }
    missing = [field for field, value in given.items() if value is None]
    if kind is None or not missing or check.errors.keys() & given.keys():
        return {**given, **values}
    standard = standard_contents().get(kind)
    if standard is None:
        check.fail(missing[0], "No standard contents for this kind: enter the analysis.")
        return {}
    return {**given, **{field: getattr(standard, field) for field in missing}, **values}


def _origin(check: Checker, farm: Farm) -> dict[str, Any]:
    """Origin facts for R7-R10; the origin status defaults to the farm's certification."""
    status = check.choice("origin_status", STATUSES, required=False) or farm.status.value
    return {
        "origin_status": FarmStatus(status),
        **{field: check.flag(field) for field in ORIGIN_FLAGS},
        "manure_share": check.number("manure_share", low=0, high=1, required=False),
        "coproducts_organic_share": check.number(
            "coproducts_organic_share", low=0, high=1, required=False
        ),
        "made_from": check.choice("made_from", BOKASHI_GRADES, required=False),
    }


def _period(check: Checker, start: str, end: str) -> dict[str, Any]:
    first, last = check.day(start), check.day(end, required=False)
    if first is not None and last is not None and last < first:
        check.fail(end, "Must not be before the start date.")
    return {start: first, end: last}


def _place(check: Checker) -> dict[str, Any]:
    """An own location for the lot (e.g. a storage site); both coordinates or none."""
    lat = check.number("lat", low=-90, high=90, required=False)
    lon = check.number("lon", low=-180, high=180, required=False)
    if (lat is None) != (lon is None):
        check.fail("lon" if lon is None else "lat", "Give both latitude and longitude, or none.")
    return {"lat": lat, "lon": lon}


def _intermediary(check: Checker) -> dict[str, Any]:
    """A mestintermediair (R11); its Skal approval and validity are checked at match time."""
    name = check.text("intermediary_name", max_length=200)
    return {
        "intermediary_name": name,
        "intermediary_skal_approved": check.flag("intermediary_skal_approved") if name else None,
        "intermediary_valid_until": (
            check.day("intermediary_valid_until", required=False) if name else None
        ),
    }


def _kinds(check: Checker) -> list[str] | None:
    """None accepts any kind; a list (even empty) accepts exactly those kinds."""
    kinds = check.data.get("kinds")
    if kinds is None:
        return None
    if isinstance(kinds, str) or not all(isinstance(kind, str) for kind in kinds):
        check.fail("kinds", "Must be a list of kinds.")
        return None
    unknown = sorted(set(kinds) - set(LOT_KINDS))
    if unknown:
        check.fail("kinds", f"Unknown kinds: {', '.join(unknown)}.")
    return sorted(set(kinds))


def _apply(listing: Listing, values: Mapping[str, Any]) -> None:
    changed = {field: value for field, value in values.items() if getattr(listing, field) != value}
    for field, value in changed.items():
        setattr(listing, field, value)
    if changed:
        listing.version += 1


def _require_open(status: ListingStatus, noun: str) -> None:
    if status is not ListingStatus.OPEN:
        raise ValidationError({"status": f"Only an open {noun} can be changed."})


def _withdraw(session: Session, listing: Listing, noun: str) -> Listing:
    _require_open(listing.status, noun)
    listing.status = ListingStatus.WITHDRAWN
    listing.version += 1
    session.flush()
    return listing
