"""One decorator per API operation: it adds the Flask route *and* the OpenAPI entry.

Writing route, token check and documentation in one place keeps them from drifting apart:
the OpenAPI document (`openapi.py`) is generated from `OPERATIONS`, and the tests walk the
same list. An operation names its input and output models (`body=LotInput, response=Lot`)
and a list its query parameters (`query=LotFilters`), whose JSON Schemas pydantic writes.
Paths are written the OpenAPI way (`/lots/{lot_id}`); every path parameter is a positive
database id, bounded so no id can overflow a database integer (404 beyond).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, abort
from pydantic import BaseModel
from werkzeug.wrappers import Response

from market.core.api import idempotency
from market.core.api.auth import authenticate
from market.core.schemas import MAX_ID, Filters

#: A path parameter: a positive database id.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
PARAM = re.compile(r"{(\w+)}")
View = Callable[..., Response]
#: An input or output model; its JSON Schema is a component of the document.
Shape = type[BaseModel]


def shape_name(shape: Shape) -> str:
    """The name of the shape in the document's components."""
    return shape.__name__


@dataclass(frozen=True)
class Operation:
    """What the OpenAPI document says about one method on one path."""

    method: str
    path: str
    endpoint: str
    tag: str
    summary: str
    description: str
    scope: str
    body: Shape | None = None
    #: False: the body may be left out (an optional reason), as the server accepts none.
    body_required: bool = True
    response: Shape | None = None
    status: int = 200
    media_type: str = "application/json"
    errors: tuple[int, ...] = ()
    #: The list's query parameters (`market.core.schemas.query`), each documented.
    query: type[Filters] | None = None
    idempotent: bool = False
    #: True: a POST asked again for what it already made answers that with 200 (and its
    #: Location) instead of making another (`http.existing`).
    finds: bool = False
    if_match: bool = False
    etag: bool = False
    path_params: tuple[str, ...] = field(default=())


OPERATIONS: list[Operation] = []


def flask_rule(path: str) -> str:
    return PARAM.sub(lambda m: f"<int:{m.group(1)}>", path)


def named(view: View, name: str, doc: str) -> View:
    """`view` under endpoint `name` with docstring `doc`, for operations built from a table
    (one handler serving several paths): the registry documents the name and docstring."""
    view.__name__ = view.__qualname__ = name
    view.__doc__ = doc
    return view


def operation(
    bp: Blueprint,
    method: str,
    path: str,
    *,
    tag: str,
    summary: str,
    scope: str = "read",
    **options: Any,
) -> Callable[[View], View]:
    """Register `view` as `method path`, behind a token of `scope`, and document it."""

    def decorate(view: View) -> View:
        op = Operation(
            method.upper(),
            path,
            f"{bp.name}.{view.__name__}",
            tag,
            summary,
            (view.__doc__ or "").strip(),
            scope,
            path_params=tuple(PARAM.findall(path)),
            **options,
        )
        OPERATIONS.append(op)

        @wraps(view)
        def handler(**kwargs: Any) -> Response:
            if not all(1 <= value <= MAX_ID for value in kwargs.values()):
                abort(404)  # no row has such an id, and the database could not even ask
            user = authenticate(scope)
            replayed = idempotency.replay(user.id) if op.idempotent else None
            return replayed or view(**kwargs)

        bp.add_url_rule(flask_rule(path), view.__name__, handler, methods=[op.method])
        return view

    return decorate
