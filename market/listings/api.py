"""Lots (aanbod) and requests (vraag): list, create, read, update, withdraw.

A farmer lists and reads their own farm's listings; another farm's listing is 404 (its id
is not confirmed). Coordinators read every listing and change none (403). Creating needs an
approved farm; updating and withdrawing need the ETag (`If-Match`) of the version read.
Bodies are read by the listings' schemas and answers are their output models (`schemas.py`).
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from pydantic import BaseModel
from sqlalchemy import Select, select
from werkzeug.wrappers import Response

from market import models
from market.core.api import bp
from market.core.api.http import (
    answer,
    commit_answer,
    created,
    etag,
    id_arg,
    json_body,
    paginate,
    require_match,
    text_arg,
)
from market.core.api.registry import ID_SCHEMA, Query, operation
from market.core.extensions import db_session
from market.core.permissions import approved_farm, changeable, visible
from market.listings.schemas import (
    Lot,
    LotInput,
    LotPage,
    LotPatch,
    Request,
    RequestInput,
    RequestPage,
    RequestPatch,
)
from market.listings.services.listings import (
    create_lot,
    create_request,
    lot_origin,
    update_lot,
    update_request,
    withdraw_lot,
    withdraw_request,
)
from market.models import LOT_KINDS, ListingStatus

STATUS = Query(
    "status",
    {"type": "string", "enum": [s.value for s in ListingStatus]},
    "Only listings in this state.",
)
KIND = Query("kind", {"type": "string", "enum": list(LOT_KINDS)}, "Only lots of this kind.")
FARM = Query("farm_id", ID_SCHEMA, "Coordinators: one farm only (farmers see their own).")
PAGE = (
    Query("page", {"type": "integer", "minimum": 1, "maximum": 100000}, "Page, from 1."),
    Query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "Items per page."),
)
WRITE: dict[str, Any] = {"scope": "write", "errors": (403, 404)}


def lot_body(lot: models.Lot) -> Lot:
    """The lot with the category and A-fraction the engine's `classify_lot` derives."""
    from matching.rules import classify_lot

    lot_class = classify_lot(lot.kind, lot_origin(lot))
    return Lot.model_validate(
        {**_columns(lot, Lot), "category": lot_class.category, "a_fraction": lot_class.a_fraction}
    )


def request_body(request: models.Request) -> Request:
    return Request.model_validate(request)


def listing_tag(listing: models.Lot | models.Request) -> str:
    return etag(type(listing).__name__, listing.id, listing.version)


def _columns(row: object, shape: type[BaseModel]) -> dict[str, Any]:
    """The row's attributes that `shape` has (the derived fields are added by the caller)."""
    return {name: getattr(row, name) for name in shape.model_fields if hasattr(row, name)}


def _mine(model: type[models.Lot] | type[models.Request]) -> Select[Any]:
    """The listings this account may read: its farm's, or all of them for a coordinator."""
    query = select(model).order_by(model.id)
    status = text_arg("status", (s.value for s in ListingStatus))
    farm_id = id_arg("farm_id")
    if status is not None:
        query = query.where(model.status == ListingStatus(status))
    if not current_user.is_coordinator:
        return query.where(model.farm_id == current_user.farm_id)
    return query.where(model.farm_id == farm_id) if farm_id is not None else query


def _posting_farm() -> Any:
    farm = approved_farm()
    if farm is None:
        abort(403, "Your farm can post listings once a coordinator has approved it.")
    return farm


@operation(
    bp,
    "GET",
    "/lots",
    tag="lots",
    summary="List lots",
    response=LotPage,
    query=(STATUS, KIND, FARM, *PAGE),
    errors=(400,),
)
def list_lots() -> Response:
    """My farm's lots (a coordinator: every lot), oldest first, a page at a time."""
    query = _mine(models.Lot)
    kind = text_arg("kind", LOT_KINDS)
    return paginate(query.where(models.Lot.kind == kind) if kind else query, lot_body)


@operation(
    bp,
    "POST",
    "/lots",
    tag="lots",
    summary="Offer a lot",
    body=LotInput,
    response=Lot,
    status=201,
    idempotent=True,
    **WRITE,
)
def post_lot() -> Response:
    """A new open lot of my (approved) farm; contents default to the RVO standard table."""
    lot = create_lot(db_session(), _posting_farm(), json_body(LotInput))
    return created(lot_body(lot), "api.get_lot", listing_tag(lot), lot_id=lot.id)


@operation(
    bp,
    "GET",
    "/lots/{lot_id}",
    tag="lots",
    summary="Read a lot",
    response=Lot,
    errors=(404,),
    etag=True,
)
def get_lot(lot_id: int) -> Response:
    """One lot with its derived category; 404 for another farm's lot."""
    lot = visible(db_session().get(models.Lot, lot_id))
    return answer(lot_body(lot), listing_tag(lot))


@operation(
    bp,
    "PATCH",
    "/lots/{lot_id}",
    tag="lots",
    summary="Update a lot",
    body=LotPatch,
    response=Lot,
    if_match=True,
    **WRITE,
)
def patch_lot(lot_id: int) -> Response:
    """Change fields of an open lot; its version goes up, older proposals become stale."""
    lot = changeable(db_session().get(models.Lot, lot_id))
    require_match(listing_tag(lot))
    update_lot(db_session(), lot, json_body(LotPatch))
    return commit_answer(lot_body(lot), listing_tag(lot))


@operation(
    bp,
    "POST",
    "/lots/{lot_id}/withdraw",
    tag="lots",
    summary="Withdraw a lot",
    response=Lot,
    if_match=True,
    **WRITE,
)
def withdraw_lot_(lot_id: int) -> Response:
    """Take an open lot off the market."""
    lot = changeable(db_session().get(models.Lot, lot_id))
    require_match(listing_tag(lot))
    withdraw_lot(db_session(), lot)
    return commit_answer(lot_body(lot), listing_tag(lot))


@operation(
    bp,
    "GET",
    "/requests",
    tag="requests",
    summary="List requests",
    response=RequestPage,
    query=(STATUS, FARM, *PAGE),
    errors=(400,),
)
def list_requests() -> Response:
    """My farm's requests for N (a coordinator: every request)."""
    return paginate(_mine(models.Request), request_body)


@operation(
    bp,
    "POST",
    "/requests",
    tag="requests",
    summary="Ask for N",
    body=RequestInput,
    response=Request,
    status=201,
    idempotent=True,
    **WRITE,
)
def post_request() -> Response:
    """A new open request of my (approved) farm; `kinds` null accepts any kind."""
    row = create_request(db_session(), _posting_farm(), json_body(RequestInput))
    return created(request_body(row), "api.get_request", listing_tag(row), request_id=row.id)


@operation(
    bp,
    "GET",
    "/requests/{request_id}",
    tag="requests",
    summary="Read a request",
    response=Request,
    errors=(404,),
    etag=True,
)
def get_request(request_id: int) -> Response:
    """One request; 404 for another farm's request."""
    row = visible(db_session().get(models.Request, request_id))
    return answer(request_body(row), listing_tag(row))


@operation(
    bp,
    "PATCH",
    "/requests/{request_id}",
    tag="requests",
    summary="Update a request",
    body=RequestPatch,
    response=Request,
    if_match=True,
    **WRITE,
)
def patch_request(request_id: int) -> Response:
    """Change fields of an open request."""
    row = changeable(db_session().get(models.Request, request_id))
    require_match(listing_tag(row))
    update_request(db_session(), row, json_body(RequestPatch))
    return commit_answer(request_body(row), listing_tag(row))


@operation(
    bp,
    "POST",
    "/requests/{request_id}/withdraw",
    tag="requests",
    summary="Withdraw a request",
    response=Request,
    if_match=True,
    **WRITE,
)
def withdraw_request_(request_id: int) -> Response:
    """Take an open request off the market."""
    row = changeable(db_session().get(models.Request, request_id))
    require_match(listing_tag(row))
    withdraw_request(db_session(), row)
    return commit_answer(request_body(row), listing_tag(row))
