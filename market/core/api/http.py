"""Reading bodies and writing answers: JSON in, ETags, pages, one commit per request.

A body is checked against its schema's top level before a service sees it (an object, known
fields, JSON types), so a typo in a field name is a 422 naming the field rather than a
silently ignored value. The services then check ranges and rules, with their own messages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Response, jsonify, request, url_for
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from market.core.api import idempotency
from market.core.api.auth import current
from market.core.api.problems import ApiProblem
from market.core.api.schemas import SCHEMAS
from market.core.extensions import db_session

#: An API body is a few kilobytes; the site-wide 2 MB limit is for forms.
MAX_BODY_BYTES = 64 * 1024
JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
}
PER_PAGE_MAX, PAGE_MAX = 100, 100_000


def json_body(schema: str) -> dict[str, Any]:
    """The request's JSON object, checked against the top level of schema `schema`."""
    if not request.is_json:
        raise ApiProblem(415, "Send the body as application/json.")
    data = request.get_json(silent=True)
    if data is None and request.get_data(cache=True).strip() != b"null":
        raise ApiProblem(400, "The body is not valid JSON.")
    if not isinstance(data, dict):
        raise ApiProblem(400, "The body must be a JSON object.")
    errors = body_errors(data, SCHEMAS[schema])
    if errors:
        raise ApiProblem(422, "The request has invalid fields.", errors=errors)
    return data


def body_errors(data: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, str]:
    """Unknown fields, wrong JSON types, and text a database cannot store (NUL, surrogates)."""
    properties = schema.get("properties", {})
    errors: dict[str, str] = {}
    for field, value in data.items():
        spec = properties.get(field)
        if spec is None:
            errors[str(field)[:100]] = "Unknown field."
        elif not _type_ok(value, spec):
            errors[field] = f"Must be of type {' or '.join(_types(spec))}."
        elif not _id_ok(value, spec):
            errors[field] = f"Must be a whole number from 1 to {spec['maximum']}."
        elif not _storable(value):
            errors[field] = "Contains characters that cannot be stored."
    return errors


def _types(spec: Mapping[str, Any]) -> list[str]:
    kind = spec.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _type_ok(value: Any, spec: Mapping[str, Any]) -> bool:
    if not any(JSON_TYPES[kind](value) for kind in _types(spec)):
        return False
    items = spec.get("items")
    return not (isinstance(value, list) and items) or all(_type_ok(v, items) for v in value)


def _id_ok(value: Any, spec: Mapping[str, Any]) -> bool:
    """Ids are checked here (the services take them as given): a database integer at most."""
    if "integer" not in _types(spec) or not isinstance(value, int) or "maximum" not in spec:
        return True
    return bool(spec["minimum"] <= value <= spec["maximum"])


def _storable(value: Any) -> bool:
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def etag(*parts: object) -> str:
    """A strong ETag from the values that make up a resource's state."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:20]
    return f'"{digest}"'


def require_match(current_tag: str) -> None:
    """428 without If-Match, 412 when it names another state: no silent overwrites."""
    given = request.headers.get("If-Match")
    if given is None:
        raise ApiProblem(428, "Send If-Match with the ETag you read, so no change is lost.")
    tags = {tag.strip() for tag in given.split(",")}
    if "*" not in tags and current_tag not in tags:
        raise ApiProblem(
            412,
            "The resource changed since you read it; read it again.",
            headers={"ETag": current_tag},
        )


def answer(body: Any, tag: str | None = None, status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    if tag is not None:
        response.headers["ETag"] = tag
    return response


def commit_answer(body: dict[str, Any], tag: str | None = None) -> Response:
    """Commit the request's one unit of work, then answer."""
    _commit()
    return answer(body, tag)


def created(body: dict[str, Any], endpoint: str, tag: str | None = None, **values: Any) -> Response:
    """201 with Location; the idempotency key is stored in the same commit as the row."""
    location = url_for(endpoint, **values)
    idempotency.remember(current().id, 201, body, location)
    _commit()
    response = answer(body, tag, 201)
    response.headers["Location"] = location
    return response


def _commit() -> None:
    try:
        db_session().commit()
    except IntegrityError:
        db_session().rollback()
        raise ApiProblem(409, "A request with this Idempotency-Key is being handled.") from None


def page_args() -> tuple[int, int]:
    return (_int_arg("page", 1, 1, PAGE_MAX), _int_arg("per_page", 50, 1, PER_PAGE_MAX))


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10 and low <= int(raw) <= high):
        message = f"Must be a whole number from {low} to {high}."
        raise ApiProblem(400, "Invalid query parameter.", errors={name: message})
    return int(raw)


def paginate(query: Select[Any], render: Callable[[Any], dict[str, Any]]) -> Response:
    """One page of `query` as {items, page, per_page, total} with a Link to the next page."""
    page, per_page = page_args()
    total = db_session().scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db_session().scalars(query.limit(per_page).offset((page - 1) * per_page)).unique()
    return page_answer([render(row) for row in rows], page, per_page, int(total or 0))


def page_answer(items: Iterable[dict[str, Any]], page: int, per_page: int, total: int) -> Response:
    response = answer({"items": list(items), "page": page, "per_page": per_page, "total": total})
    if page * per_page < total:
        args = {**request.args.to_dict(), "page": page + 1, "per_page": per_page}
        next_url = url_for(str(request.endpoint), **(request.view_args or {}), **args)
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


def id_arg(name: str) -> int | None:
    """An optional id filter (bounded, so it cannot overflow a database integer)."""
    if request.args.get(name) is None:
        return None
    return _int_arg(name, 0, 1, 2_147_483_647)


def text_arg(name: str, allowed: Iterable[str]) -> str | None:
    """An optional query filter that must be one of `allowed`."""
    raw = request.args.get(name)
    choices = tuple(allowed)
    if raw is not None and raw not in choices:
        raise ApiProblem(400, "Invalid query parameter.", errors={name: "Unknown value."})
    return raw
