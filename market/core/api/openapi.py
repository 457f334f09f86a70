"""The OpenAPI 3.1 document, generated from the registered operations, and its HTML page.

Nothing here is written by hand per route: `registry.OPERATIONS` says what each route takes
and answers, `schemas.SCHEMAS` what the bodies look like. The errors every operation can
give follow from its options (a body → 400/413/415/422, If-Match → 412/428, a path id → 404,
a token → 401/429, write scope → 403), so the document cannot forget one.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import render_template
from werkzeug.wrappers import Response

from market.core.api import PREFIX, bp
from market.core.api.http import answer
from market.core.api.problems import MEDIA_TYPE
from market.core.api.registry import MAX_ID, OPERATIONS, Operation
from market.core.api.schemas import SCHEMAS, ref

DESCRIPTION = (
    "The mestmatch marketplace for programs: farm software posts lots and requests, "
    "coordinators start runs and review proposals. Authenticate with a bearer token made on "
    "your profile page (scope `read` or `write`). Errors are RFC 9457 problem documents. "
    "POSTs that create accept an `Idempotency-Key`; updates need `If-Match` with the ETag read."
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
    return {
        "openapi": "3.1.0",
        "info": {"title": "mestmatch API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": PREFIX}],
        "security": [{"bearer": []}],
        "tags": [{"name": tag} for tag in dict.fromkeys(op.tag for op in OPERATIONS)],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Problem": {
                    "description": "A problem document (RFC 9457).",
                    "content": {MEDIA_TYPE: {"schema": ref("Problem")}},
                }
            },
        },
    }


def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return paths


def _operation(op: Operation) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "operationId": _op_id(op),
        "tags": [op.tag],
        "summary": op.summary,
        "description": op.description,
        "parameters": _parameters(op),
        "responses": {
            str(op.status): _success(op),
            **{str(code): {"$ref": "#/components/responses/Problem"} for code in error_codes(op)},
        },
    }
    if op.body is not None:
        entry["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(op.body)}},
        }
    return entry


def error_codes(op: Operation) -> list[int]:
    """Every error status the operation can answer with, from its options."""
    codes = {401, 429, *op.errors}
    if op.scope == "write":
        codes.add(403)
    if op.path_params:
        codes.add(404)
    if op.query:
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


def _success(op: Operation) -> dict[str, Any]:
    response: dict[str, Any] = {"description": op.summary}
    if op.response is not None:
        response["content"] = {op.media_type: {"schema": ref(op.response)}}
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
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        }
        for name in op.path_params
    ]
    params += [
        {
            "name": q.name,
            "in": "query",
            "required": False,
            "schema": q.schema,
            "description": q.description,
        }
        for q in op.query
    ]
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


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The document itself: public, like the reference page (it describes, it reveals none)."""
    return answer(document())


@bp.get("/docs")
def reference() -> str:
    """The readable reference, rendered on the server from the same document (no CDN)."""
    doc = document()
    return render_template("api/reference.html", doc=doc, schemas=doc["components"]["schemas"])
