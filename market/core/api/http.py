"""Reading bodies and writing answers: JSON in, ETags, pages, one commit per request.

A body is read through its operation's schema (`json_body(LotInput)`) before a service sees
it: an object with known fields, JSON types, and the limits of every field, so a typo in a
field name is a 422 naming the field rather than a silently ignored value. Answers are
output models (`Lot`), or plain dicts built here (a page's envelope) and by `openapi.py`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from flask import Response, jsonify, request, url_for
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from market.core.api import idempotency
from market.core.api.auth import current
from market.core.api.problems import ApiProblem
from market.core.api.query import query_args
from market.core.extensions import db_session
from market.core.schemas import PageQuery, Patch, parse
from market.core.validation import N_

#: An API body is a few kilobytes; the site-wide 2 MB limit is for forms.
MAX_BODY_BYTES = 64 * 1024
#: Lists and objects within each other; a body needs two (RFC 8259 §9 lets a reader limit it).
MAX_JSON_DEPTH = 32
NOT_JSON = "The body is not valid JSON."
M = TypeVar("M", bound=BaseModel)
Body = BaseModel | dict[str, Any]


def json_body(schema: type[M]) -> M:
    """The request's JSON object read by `schema` (422 naming every refused field; 422 for
    an empty patch, which the document forbids with `minProperties: 1`)."""
    data = _json_object()
    if not data and issubclass(schema, Patch):
        raise ApiProblem(422, N_("Send at least one field to change."))
    return parse(schema, data)


def _json_object() -> dict[str, Any]:
    """The body's JSON object: 415 when not sent as JSON, 400 when malformed, nested
    deeper than `MAX_JSON_DEPTH` (which would break the reader or what walks the value
    next with a `RecursionError`), or not an object."""
    if not request.is_json:
        raise ApiProblem(415, N_("Send the body as application/json."))
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise ApiProblem(400, NOT_JSON) from None
    if data is None and request.get_data(cache=True).strip() != b"null":
        raise ApiProblem(400, NOT_JSON)
    if _too_deep(data):
        raise ApiProblem(400, NOT_JSON)
    if not isinstance(data, dict):
        raise ApiProblem(400, N_("The body must be a JSON object."))
    return data


def _too_deep(value: Any) -> bool:
    """Whether `value` nests lists and objects deeper than `MAX_JSON_DEPTH`; walked with a
    stack of its own, so the check cannot overflow Python's."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = list(item.values()) if isinstance(item, dict) else item
        if isinstance(children, list):
            if depth > MAX_JSON_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in children)
    return False


def etag(*parts: object) -> str:
    """A strong ETag from the values that make up a resource's state."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:20]
    return f'"{digest}"'


def tag_matches(current_tag: str, given: str) -> bool:
    """Whether `given` (ETags separated by commas, or `*`) names the current state: the one
    rule for a write based on what was read, the API's `If-Match` and the edit forms' alike."""
    tags = {tag.strip() for tag in given.split(",")}
    return "*" in tags or current_tag in tags


def require_match(current_tag: str) -> None:
    """428 without If-Match, 412 when it names another state: no silent overwrites."""
    given = request.headers.get("If-Match")
    if given is None:
        raise ApiProblem(428, N_("Send If-Match with the ETag you read, so no change is lost."))
    if not tag_matches(current_tag, given):
        raise ApiProblem(
            412,
            "The resource changed since you read it; read it again.",
            headers={"ETag": current_tag},
        )


def plain(body: Body) -> dict[str, Any]:
    """An output model as JSON values (dates as ISO text); a dict as it is."""
    return body.model_dump(mode="json") if isinstance(body, BaseModel) else body


def answer(body: Body, tag: str | None = None, status: int = 200) -> Response:
    response = jsonify(plain(body))
    response.status_code = status
    if tag is not None:
        response.headers["ETag"] = tag
    return response


def commit_answer(body: Body, tag: str | None = None) -> Response:
    """Commit the request's one unit of work, then answer."""
    _commit()
    return answer(body, tag)


def created(body: Body, endpoint: str, tag: str | None = None, **values: Any) -> Response:
    """201 with Location; the idempotency key is stored in the same commit as the row."""
    return _located(body, 201, endpoint, tag, values)


def existing(body: Body, endpoint: str, **values: Any) -> Response:
    """200 with Location: a POST that found the thing it would have created (the same
    content asked again; the operation says so with `finds`) answers it unchanged, and stores
    the idempotency key, if any, as `created` does."""
    return _located(body, 200, endpoint, None, values)


def _located(
    body: Body, status: int, endpoint: str, tag: str | None, values: dict[str, Any]
) -> Response:
    location = url_for(endpoint, **values)
    body = plain(body)
    idempotency.remember(current().id, status, body, location)
    _commit()
    response = answer(body, tag, status)
    response.headers["Location"] = location
    return response


def _commit() -> None:
    try:
        db_session().commit()
    except IntegrityError:
        db_session().rollback()
        raise ApiProblem(409, N_("A request with this Idempotency-Key is being handled.")) from None


def page_args() -> tuple[int, int]:
    """`page` and `per_page` of the query string (`PageQuery`)."""
    pages = query_args(PageQuery)
    return pages.page, pages.per_page


def paginate(query: Select[Any], render: Callable[[Any], Body]) -> Response:
    """One page of `query` as {items, page, per_page, total} with a Link to the next page."""
    page, per_page = page_args()
    total = db_session().scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db_session().scalars(query.limit(per_page).offset((page - 1) * per_page)).unique()
    return page_answer([render(row) for row in rows], page, per_page, int(total or 0))


def page_of(rows: Sequence[Any], render: Callable[[Any], Body]) -> Response:
    """One page (`page_args`) of `rows` already read and ordered, as `paginate` answers."""
    page, per_page = page_args()
    chunk = rows[(page - 1) * per_page : page * per_page]
    return page_answer([render(row) for row in chunk], page, per_page, len(rows))


def page_answer(items: Iterable[Body], page: int, per_page: int, total: int) -> Response:
    listed = [plain(item) for item in items]
    response = answer({"items": listed, "page": page, "per_page": per_page, "total": total})
    if page * per_page < total:
        args: dict[str, Any] = {**request.args.to_dict(), "page": page + 1, "per_page": per_page}
        next_url = url_for(str(request.endpoint), **(request.view_args or {}), **args)
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response
