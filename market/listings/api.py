"""Lots (aanbod) and requests (vraag): list, create, read, update, withdraw.

A farmer lists and reads their own farm's listings; another farm's listing is 404 (its id
is not confirmed). Coordinators read every listing and change none (403). Creating needs an
approved farm; updating and withdrawing need the ETag (`If-Match`) of the version read.
Bodies are read by the listings' schemas and answers are their output models (`schemas.py`).
Withdrawing takes an optional body, the page's `WithdrawInput`: the farmer's reason, stored on
the listing and the proposals it cancels and mailed to their other farms (no body: none).

Both sides are served by one set of five handlers (`serve`), each side described by a
`Side`: its model, schemas, services and the words of its documentation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, request
from flask_login import current_user
from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from market import models
from market.core.api import bp
from market.core.api.http import (
    answer,
    commit_answer,
    created,
    etag,
    json_body,
    paginate,
    require_match,
)
from market.core.api.query import query_args
from market.core.api.registry import View, named, operation
from market.core.extensions import db_session
from market.core.locks import lock_listing
from market.core.permissions import approved_farm, changeable, visible
from market.core.schemas import Patch, Schema
from market.core.validation import N_
from market.listings.filters import ListingFilters, LotFilters
from market.listings.outputs import (
    Lot,
    LotBalanceOut,
    LotPage,
    Request,
    RequestBalanceOut,
    RequestPage,
)
from market.listings.room_check import edit_request, post_request
from market.listings.schemas import (
    LotInput,
    LotPatch,
    RequestInput,
    RequestPatch,
    WithdrawInput,
)
from market.listings.services import listings as services
from market.models import ListingStatus
from market.proposals.notices import tell_cancelled
from market.proposals.services.balance import lot_balance, request_balance

WRITE: dict[str, Any] = {"scope": "write", "errors": (403, 404)}
Listing = models.Lot | models.Request
#: (summary, docstring) of an operation: the OpenAPI entry's words.
Words = tuple[str, str]


@dataclass(frozen=True)
class Side:
    """One side of the market as the API serves it. `noun` names the endpoints
    (`get_lot`) and the path parameter (`lot_id`); `words` holds the (summary, docstring)
    of the operations `list`, `post`, `get`, `patch` and `withdraw`."""

    model: type[models.Lot] | type[models.Request]
    noun: str
    tag: str
    input: type[Schema]
    patch: type[Patch]
    output: type[BaseModel]
    page: type[BaseModel]
    render: Callable[[Any], BaseModel]
    create: Callable[[Session, models.Farm, Any], Listing]
    update: Callable[[Session, Any, Any], Listing]
    withdraw: Callable[[Session, Any, str | None], Listing]
    words: dict[str, Words]
    query: type[ListingFilters] = ListingFilters


def lot_body(lot: models.Lot) -> Lot:
    """The lot with the category and A-fraction the engine's `classify_lot` derives."""
    from matching.rules import classify_lot

    lot_class = classify_lot(lot.kind, services.lot_origin(lot))
    balance = LotBalanceOut.model_validate(lot_balance(db_session(), lot))
    return Lot.of(
        lot, category=lot_class.category, a_fraction=lot_class.a_fraction, balance=balance
    )


def request_body(request: models.Request) -> Request:
    balance = RequestBalanceOut.model_validate(request_balance(db_session(), request))
    return Request.of(request, balance=balance)


def listing_tag(listing: Listing) -> str:
    """The version, and the quantity, which changes without a new version (it does not make
    proposals stale), so a write based on the old quantity still gets 412."""
    quantity = listing.tonnes if isinstance(listing, models.Lot) else listing.n_kg
    return etag(type(listing).__name__, listing.id, listing.version, quantity, listing.status)


def _mine(model: type[models.Lot] | type[models.Request], filters: ListingFilters) -> Select[Any]:
    """The listings this account may read (its farm's, or all of them for a coordinator)
    that `filters` asks for."""
    query = select(model).order_by(model.id)
    if filters.status is not None:
        query = query.where(model.status == ListingStatus(filters.status))
    if isinstance(filters, LotFilters) and filters.kind is not None:
        query = query.where(models.Lot.kind == filters.kind)
    if not current_user.is_coordinator:
        return query.where(model.farm_id == current_user.farm_id)
    farm_id = filters.farm_id
    return query.where(model.farm_id == farm_id) if farm_id is not None else query


def _posting_farm() -> Any:
    farm = approved_farm()
    if farm is None:
        abort(403, N_("Your farm can post listings once a coordinator has approved it."))
    return farm


def _get(side: Side, ids: dict[str, int]) -> Listing | None:
    """The listing of `side` whose id the path names (None: no such row)."""
    row = db_session().get(side.model, ids[f"{side.noun}_id"])
    return row if isinstance(row, models.Lot | models.Request) else None


def _one(side: Side, ids: dict[str, int]) -> tuple[Session, Listing]:
    """The session and the changeable listing whose id the path names, its ETag matched
    under the row's lock (`lock_listing`), so two writes with one ETag cannot both pass."""
    listing = changeable(_get(side, ids))
    lock_listing(db_session(), listing)
    require_match(listing_tag(listing))
    return db_session(), listing


def _reads(side: Side) -> tuple[View, View]:
    """The list and read handlers of `side`."""

    def list_all() -> Response:
        return paginate(_mine(side.model, query_args(side.query)), side.render)

    def get_one(**ids: int) -> Response:
        listing = visible(_get(side, ids))
        return answer(side.render(listing), listing_tag(listing))

    return list_all, get_one


def _writes(side: Side) -> tuple[View, View, View]:
    """The create, update and withdraw handlers of `side`."""

    def post() -> Response:
        row = side.create(db_session(), _posting_farm(), json_body(side.input))
        endpoint, ids = f"api.get_{side.noun}", {f"{side.noun}_id": row.id}
        return created(side.render(row), endpoint, listing_tag(row), **ids)

    def patch(**ids: int) -> Response:
        session, listing = _one(side, ids)
        side.update(session, listing, json_body(side.patch))
        return commit_answer(side.render(listing), listing_tag(listing))

    def withdraw(**ids: int) -> Response:
        session, listing = _one(side, ids)
        sent = request.get_data(cache=True)  # the body is optional: none, no reason
        side.withdraw(session, listing, json_body(WithdrawInput).reason if sent else None)
        tell_cancelled(listing)
        return commit_answer(side.render(listing), listing_tag(listing))

    return post, patch, withdraw


def serve(side: Side) -> None:
    """Register the five operations of `side` under their historical endpoint names."""
    one = f"/{side.tag}/{{{side.noun}_id}}"
    list_all, get_one = _reads(side)
    post, patch, withdraw = _writes(side)
    routes = (
        ("list", "GET", f"/{side.tag}", f"list_{side.tag}", list_all),
        ("post", "POST", f"/{side.tag}", f"post_{side.noun}", post),
        ("get", "GET", one, f"get_{side.noun}", get_one),
        ("patch", "PATCH", one, f"patch_{side.noun}", patch),
        ("withdraw", "POST", f"{one}/withdraw", f"withdraw_{side.noun}_", withdraw),
    )
    for key, method, path, name, view in routes:
        summary, doc = side.words[key]
        options = _options(side, key)
        operation(bp, method, path, tag=side.tag, summary=summary, **options)(
            named(view, name, doc)
        )


def _options(side: Side, key: str) -> dict[str, Any]:
    """What the OpenAPI entry of operation `key` says beyond its path and words."""
    return {
        "list": {"response": side.page, "query": side.query, "errors": (400,)},
        "post": {"body": side.input, "response": side.output, "status": 201, "idempotent": True}
        | WRITE,
        "get": {"response": side.output, "errors": (404,), "etag": True},
        "patch": {"body": side.patch, "response": side.output, "if_match": True} | WRITE,
        "withdraw": {
            "body": WithdrawInput,
            "body_required": False,
            "response": side.output,
            "if_match": True,
        }
        | WRITE,
    }[key]


LOTS = Side(
    models.Lot,
    "lot",
    "lots",
    LotInput,
    LotPatch,
    Lot,
    LotPage,
    lot_body,
    services.create_lot,
    services.update_lot,
    services.withdraw_lot,
    {
        "list": (
            "List lots",
            "My farm's lots (a coordinator: every lot), oldest first, a page at a time.",
        ),
        "post": (
            "Offer a lot",
            "A new open lot of my (approved) farm; contents default to the RVO standard table."
            " A lot stated more organic than the farm's certification (an intermediary named or"
            " not) is saved with the flag origin_status.",
        ),
        "get": ("Read a lot", "One lot with its derived category; 404 for another farm's lot."),
        "patch": (
            "Update a lot",
            "Change fields of an open lot; its version goes up (except for a change of the"
            " tonnes alone), older proposals become stale. Tonnes below what approved"
            " proposals and deliveries hold are refused (below_committed). Its kind and"
            " origin_status flags are set anew.",
        ),
        "withdraw": (
            "Withdraw a lot",
            "Take an open lot off the market; its undelivered proposals are cancelled and"
            " the other farms of approved ones are mailed. The body is optional; its `reason`"
            " is stored and given in those mails.",
        ),
    },
    query=LotFilters,
)
REQUESTS = Side(
    models.Request,
    "request",
    "requests",
    RequestInput,
    RequestPatch,
    Request,
    RequestPage,
    request_body,
    post_request,
    edit_request,
    services.withdraw_request,
    {
        "list": ("List requests", "My farm's requests for N (a coordinator: every request)."),
        "post": (
            "Ask for N",
            "A new open request of my (approved) farm; `kinds` null accepts any kind. More"
            " N than the farm has room left for (committed deliveries included) is saved with"
            " the flag n_room.",
        ),
        "get": ("Read a request", "One request; 404 for another farm's request."),
        "patch": (
            "Update a request",
            "Change fields of an open request; its n_room flag is set anew.",
        ),
        "withdraw": (
            "Withdraw a request",
            "Take an open request off the market; its undelivered proposals are cancelled"
            " and the other farms of approved ones are mailed. The body is optional; its"
            " `reason` is stored and given in those mails.",
        ),
    },
)
serve(LOTS)
serve(REQUESTS)
