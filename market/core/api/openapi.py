"""The OpenAPI 3.1 document, assembled by apispec from the routes and the pydantic schemas.

Nothing here is written by hand per route: `registry.OPERATIONS` says what each route takes
and answers, pydantic writes the JSON Schema of every input and output model
(`market.core.schemas.jsonschema`), and apispec puts paths and components together. The
errors every operation can give follow from its options (a body → 400/413/415/422, If-Match
→ 412/428, a path id → 404, a token → 401/429, write scope → 403), so the document cannot
forget one.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from flask import render_template
from pydantic import BaseModel
from werkzeug.wrappers import Response

from market.core.api import PREFIX, bp
from market.core.api.http import answer
from market.core.api.problems import MEDIA_TYPE, Problem
from market.core.api.registry import ID_SCHEMA, OPERATIONS, Operation, shape_name
from market.core.schemas import Filters
from market.core.schemas.jsonschema import OpenApiJsonSchema, component_schemas

DESCRIPTION = (
    "The mestmatch marketplace for programs: farm software posts lots and requests, "
    "coordinators start runs and review proposals. Authenticate with a bearer token made on "
    "your profile page (scope `read` or `write`). Errors are RFC 9457 problem documents; "
    "each refused field has a stable `code` and a `detail` in the language of "
    "Accept-Language (English by default). POSTs that create accept an `Idempotency-Key`; "
    "updates need `If-Match` with the ETag read."
)
HEADERS = {
    "ETag": {
        "description": "The state of the resource; send it back as If-Match.",
        "schema": {"type": "string"},
    },
    "Location": {"description": "Where the new resource lives.", "schema": {"type": "string"}},
}


def document() -> dict[str, Any]:
    """The whole OpenAPI document (built once per process; the routes do not change)."""
    return _document()


@cache
def _document() -> dict[str, Any]:
    spec = APISpec(
        title="mestmatch API",
        version="1.0.0",
        openapi_version="3.1.0",
        info={"description": DESCRIPTION},
        servers=[{"url": PREFIX}],
        security=[{"bearer": []}],
    )
    for name, schema in _components().items():
        spec.components.schema(name, schema)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    problem = {
        "description": "A problem document (RFC 9457).",
        "content": _content(Problem, MEDIA_TYPE),
    }
    spec.components.response("Problem", problem)
    for tag in dict.fromkeys(op.tag for op in OPERATIONS):
        spec.tag({"name": tag})
    for op in OPERATIONS:
        spec.path(path=op.path, operations={op.method.lower(): _operation(op)})
    return spec.to_dict()


def _components() -> dict[str, Any]:
    """pydantic's schemas of every model the operations name."""
    inputs = [op.body for op in OPERATIONS if op.body is not None]
    outputs = [op.response for op in OPERATIONS if op.response is not None]
    return component_schemas(inputs, [*outputs, Problem])


def _content(shape: type[BaseModel], media_type: str = "application/json") -> Any:
    return {media_type: {"schema": {"$ref": f"#/components/schemas/{shape_name(shape)}"}}}


def _operation(op: Operation) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "operationId": _op_id(op),
        "tags": [op.tag],
        "summary": op.summary,
        "description": op.description,
        "parameters": _parameters(op),
        "responses": {
            **{str(code): _success(op, code) for code in success_codes(op)},
            **{str(code): "Problem" for code in error_codes(op)},
        },
    }
    if op.body is not None:
        entry["requestBody"] = {"required": op.body_required, "content": _content(op.body)}
    return entry


def success_codes(op: Operation) -> list[int]:
    """The operation's status, and 200 for a POST that answers what it already made."""
    return sorted({op.status, 200} if op.finds else {op.status})


def error_codes(op: Operation) -> list[int]:
    """Every error status the operation can answer with, from its options."""
    codes = {401, 429, *op.errors}
    if op.scope == "write":
        codes.add(403)
    if op.path_params:
        codes.add(404)
    if op.query is not None:
        codes.add(400)
    if op.body is not None:
        codes.update((400, 413, 415, 422))
    if op.if_match:
        codes.update((412, 428))
    if op.idempotent:
        codes.update((400, 409, 422))
    if op.scope == "write" and op.status == 200:
        codes.add(422)
    return sorted(codes)


def _success(op: Operation, status: int) -> dict[str, Any]:
    again = "Asked again with the same content: the one already made, unchanged."
    response: dict[str, Any] = {"description": op.summary if status == op.status else again}
    if op.response is not None:
        response["content"] = _content(op.response, op.media_type)
    elif op.media_type != "application/json":
        response["content"] = {
            op.media_type: {"schema": {"type": "string", "contentMediaType": op.media_type}}
        }
    headers = {}
    if op.etag or op.if_match:
        headers["ETag"] = HEADERS["ETag"]
    if op.status == 201:
        headers["Location"] = HEADERS["Location"]
    if headers:
        response["headers"] = headers
    links = _links(op)
    if links:
        response["links"] = links
    return response


def _links(op: Operation) -> dict[str, Any]:
    """Where a client (or schemathesis's stateful run) can go next with this answer's id/ETag.

    A creating POST on `/lots` leads to every operation on `/lots/{lot_id}…` with the new id;
    a GET of one resource leads to its updates, with the ETag as If-Match.
    """
    if op.status == 201:
        targets = [t for t in OPERATIONS if t.path_params and t.path.startswith(op.path + "/{")]
    elif op.method == "GET" and op.etag:
        targets = [t for t in OPERATIONS if t.if_match and t.path.startswith(op.path)]
    else:
        return {}
    return {
        _op_id(t): {"operationId": _op_id(t), "parameters": _link_parameters(op, t)}
        for t in targets
    }


def _link_parameters(source: Operation, target: Operation) -> dict[str, str]:
    parameters = {
        f"path.{name}": (
            f"$request.path.{name}" if name in source.path_params else "$response.body#/id"
        )
        for name in target.path_params
    }
    if target.if_match:
        parameters["header.If-Match"] = "$response.header.ETag"
    return parameters


def _op_id(op: Operation) -> str:
    return op.endpoint.split(".", 1)[1]


def _parameters(op: Operation) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": dict(ID_SCHEMA)}
        for name in op.path_params
    ]
    if op.query is not None:
        params += _queries(op.query)
    if op.if_match:
        params.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": "The ETag you read.",
            }
        )
    if op.idempotent:
        params.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                "description": "Retry safely: the same key returns the first answer.",
            }
        )
    return params


def _queries(query: type[Filters]) -> list[dict[str, Any]]:
    """A filters model's fields as query parameters, by pydantic's JSON Schema of each.

    A parameter left out is simply not sent, so a nullable field's `null` is dropped from
    its schema (a URL cannot say null).
    """
    schema = query.model_json_schema(schema_generator=OpenApiJsonSchema)
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": _not_null(prop),
            "description": str(prop.get("description", "")),
        }
        for name, prop in schema["properties"].items()
    ]


def _not_null(prop: dict[str, Any]) -> dict[str, Any]:
    shown = {key: value for key, value in prop.items() if key != "description"}
    if isinstance(shown.get("type"), list):
        shown["type"] = next(kind for kind in shown["type"] if kind != "null")
    if "enum" in shown:
        shown["enum"] = [value for value in shown["enum"] if value is not None]
    if shown.get("default", "") is None:
        del shown["default"]
    return shown


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The document itself: public, like the reference page (it describes, it reveals none)."""
    return answer(document())


@bp.get("/docs")
def reference() -> str:
    """The readable reference, rendered on the server from the same document (no CDN)."""
    doc = document()
    return render_template("api/reference.html", doc=doc, schemas=doc["components"]["schemas"])
