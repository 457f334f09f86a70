"""Lots (aanbod) and requests (vraag): create, edit, withdraw.

Every change increments the listing's `version`, so proposals computed from an older
version can be marked stale. The services take the listings' schemas (`LotInput`,
`LotPatch`, …), already checked field by field; they add the rules that need the farm or
the reference tables, and refuse with `ValidationError` before any row is touched. An edit
merges the patch into the row's values and checks the result as a whole input, so a new end
date is checked against the stored start date. Each content figure a lot leaves out is a
standard figure (`standard_fields`): of its manure code in the table of its first day, or of
its kind when it states no code (`market.core.reference`); a kind with one code gets that
code.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from market.core.locks import lock_listings
from market.core.reference import code_contents, only_code, standard_contents
from market.core.schemas import Schema, parse
from market.core.schemas.units import TENTHS_PATTERN
from market.core.validation import FieldError, Figure, ValidationError
from market.listings.schemas import LotInput, LotPatch, RequestInput, RequestPatch
from market.listings.services.animals import flag_kind, kind_flags
from market.listings.services.origin import certification_flags, flag_origin
from market.models import AnalysisSource, Farm, FarmStatus, ListingStatus, Lot, Proposal, Request
from market.proposals.services.balance import TOLERANCE, lot_balance, request_balance
from market.proposals.services.review import cancel_proposals
from matching.rules import ORIGIN_FLAGS
from matching.rules.plausibility import CONTENT_FIELDS

STATUSES = tuple(status.value for status in FarmStatus)
#: RULES "other limits": an analysis older than a few weeks should be flagged to the reader.
ANALYSIS_FRESH_DAYS = 42
#: A lot's tonnes and a request's kg N: changing them does not make proposals stale.
QUANTITIES = frozenset({"tonnes", "n_kg"})
Listing = TypeVar("Listing", Lot, Request)
Whole = TypeVar("Whole", bound=Schema)


def create_lot(session: Session, farm: Farm, data: LotInput) -> Lot:
    """A new open lot of `farm` (version 1), flagged when its kind is manure of animals the
    farm keeps none of (`kind_flags`; read before the lot exists, as reading the livestock
    flushes the session) and when it is stated more organic than the farm's certification
    (`certification_flags`)."""
    values = lot_values(data, farm)
    flags = kind_flags(data.kind, farm) + certification_flags(values["origin_status"], farm)
    return _added(session, Lot(farm=farm, flags=flags, **values))


def update_lot(session: Session, lot: Lot, patch: LotPatch) -> Lot:
    """Apply `patch` to an open lot; the version goes up when anything changed.

    Contents from the standard table keep following it (for a possibly new kind or date)
    unless the patch brings lab figures for them. A new kind drops the old kind's manure
    code and mix unless the patch brings new ones. The kind's flag follows the kind and the
    farm's livestock as they are now, the origin's flag the origin and the farm's
    certification.
    """
    _require_open(lot.status, "lot_not_open")
    current = _current(lot, LotInput)
    current.update(dict.fromkeys(set(lot.standard_fields) - patch.given().keys()))
    if patch.given().get("kind", lot.kind) != lot.kind:
        current.update(dict.fromkeys(("manure_code", "manure_mix")))
    whole = parse(LotInput, {**current, **patch.given()})
    values = lot_values(whole, lot.farm)
    _not_below_committed(session, lot, values["tonnes"])
    flag_kind(lot, whole.kind, lot.farm)
    flag_origin(lot, values["origin_status"], lot.farm)
    return _save(session, lot, values)


def withdraw_lot(session: Session, lot: Lot, reason: str | None = None) -> Lot:
    """Withdraw an open lot; its proposals on which nothing is delivered yet are cancelled
    with `reason` (`cancel_proposals`), so they stop holding its tonnes."""
    lock_listings(session, lot_ids=[lot.id])
    cancel_proposals(session, Proposal.lot_id == lot.id, reason)
    return _withdraw(session, lot, "lot_not_open", reason)


def create_request(session: Session, farm: Farm, data: RequestInput) -> Request:
    """A new open request of `farm` for N; a conventional farm cannot ask for organic N."""
    return _added(session, Request(farm=farm, **request_values(data, farm)))


def update_request(session: Session, request: Request, patch: RequestPatch) -> Request:
    _require_open(request.status, "request_not_open")
    whole = parse(RequestInput, {**_current(request, RequestInput), **patch.given()})
    values = request_values(whole, request.farm)
    _not_below_committed(session, request, values["n_kg"])
    return _save(session, request, values)


def withdraw_request(session: Session, request: Request, reason: str | None = None) -> Request:
    """Withdraw an open request; its proposals on which nothing is delivered yet are
    cancelled with `reason` (`cancel_proposals`)."""
    lock_listings(session, request_ids=[request.id])
    cancel_proposals(session, Proposal.request_id == request.id, reason)
    return _withdraw(session, request, "request_not_open", reason)


def old_analysis(lot: Lot, today: date) -> bool:
    """Whether the lot's lab analysis is older than `ANALYSIS_FRESH_DAYS` on `today` (the
    farms' calendar): it may no longer describe the lot, and its readers are told so."""
    analysed_on = lot.analysed_on
    return analysed_on is not None and (today - analysed_on).days > ANALYSIS_FRESH_DAYS


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


def lot_intermediary(lot: Lot) -> dict[str, Any] | None:
    """The lot's intermediary as the instance document and `intermediary_block` (R11) read
    it; None without one."""
    if not lot.intermediary_name:
        return None
    valid_until = lot.intermediary_valid_until
    return {
        "name": lot.intermediary_name,
        "skal_approved": bool(lot.intermediary_skal_approved),
        "valid_until": valid_until.isoformat() if valid_until else None,
    }


def lot_values(data: LotInput, farm: Farm) -> dict[str, Any]:
    """The lot's columns: the input, the origin status defaulting to the farm's, and the
    contents completed from the standard table."""
    values = data.model_dump(exclude={"origin_status"})
    values["origin_status"] = FarmStatus(data.origin_status or farm.status.value)
    values["manure_code"] = data.manure_code or only_code(data.kind)
    return {**values, **_contents(data, values["manure_code"])}


def request_values(data: RequestInput, farm: Farm) -> dict[str, Any]:
    if farm.status is FarmStatus.CONVENTIONAL:
        raise ValidationError({"farm": FieldError("conventional_request")})
    return data.model_dump()


def _contents(data: LotInput, code: str | None) -> dict[str, Any]:
    """Lab figures where given, with the analysis's date; the standard table fills the rest
    (`standard_fields`): the code's figures of the year the lot is first available, else the
    kind's. `analysis_source` says where N came from."""
    given = {field: getattr(data, field) for field in CONTENT_FIELDS}
    measured = data.n_kg_per_t is not None
    missing = [field for field, value in given.items() if value is None]
    values = {
        "analysis_source": AnalysisSource.MEASURED if measured else AnalysisSource.STANDARD,
        "analysed_on": data.analysed_on if len(missing) < len(given) else None,
        "standard_fields": missing,
    }
    if not missing:
        return {**given, **values}
    day = data.available_from
    standard = code_contents(code, day) if code else standard_contents().get(data.kind)
    if standard is None:
        raise ValidationError({missing[0]: FieldError("no_standard_contents")})
    return {**given, **{field: getattr(standard, field) for field in missing}, **values}


def _current(listing: Lot | Request, whole: type[Whole]) -> dict[str, Any]:
    """The row's values of the input's fields (a schema's choice reads an enum's value)."""
    return {name: getattr(listing, name) for name in whole.model_fields}


def _added(session: Session, listing: Listing) -> Listing:
    """`listing`, new, in the session and flushed (so it has its id)."""
    session.add(listing)
    session.flush()
    return listing


def _not_below_committed(session: Session, listing: Lot | Request, new: float) -> None:
    """Refuse lowering a lot's tonnes or a request's kg N below what approved proposals and
    deliveries hold, read under the listing's lock (taken only when the quantity goes down)."""
    field = "tonnes" if isinstance(listing, Lot) else "n_kg"
    if new >= getattr(listing, field):
        return
    if isinstance(listing, Lot):
        lock_listings(session, lot_ids=[listing.id])
        held = lot_balance(session, listing)
    else:
        lock_listings(session, request_ids=[listing.id])
        held = request_balance(session, listing)
    if new < held.committed - TOLERANCE:
        shown = {"committed": Figure(round(held.committed, 1), TENTHS_PATTERN)}
        raise ValidationError({field: FieldError("below_committed", shown)})


def _save(session: Session, listing: Listing, values: Mapping[str, Any]) -> Listing:
    """`values` set on `listing`; its version goes up when anything but the quantity changed.

    The version marks proposals made on other terms (contents, kind, origin, place, window)
    as stale; the quantity is guarded by the balance instead, so lowering a lot that still
    covers its commitments leaves its proposals valid.
    """
    changed = {
        field: value
        for field, value in values.items()
        if not _same(field, getattr(listing, field), value)
    }
    for field, value in changed.items():
        setattr(listing, field, value)
    if set(changed) - QUANTITIES:
        listing.version += 1
    session.flush()
    return listing


def _same(field: str, stored: Any, given: Any) -> bool:
    """Whether a field's stored value and the one being saved mean the same: equal, or an
    origin flag null on one side and false on the other (INSTANCE.md clarification 10: a null
    flag means false). A lot written without its flags (the demo's, an API post leaving them
    out) and saved again through the form, whose unticked boxes say false, is not changed."""
    return stored == given or (field in ORIGIN_FLAGS and not stored and not given)


def _require_open(status: ListingStatus, code: str) -> None:
    if status is not ListingStatus.OPEN:
        raise ValidationError({"status": FieldError(code)})


def _withdraw(session: Session, listing: Listing, code: str, reason: str | None) -> Listing:
    _require_open(listing.status, code)
    listing.status = ListingStatus.WITHDRAWN
    listing.withdrawn_reason = reason
    listing.version += 1
    session.flush()
    return listing
