"""Malformed bodies of any shape are refused with 400 or 422, never a 500 (issue 14, item 9).

Every operation that takes a body gets each shape below: JSON that is not an object, nesting
deeper than the reader allows, numbers no float holds (10**400, 1e400, NaN, Infinity) and
integers too long for Python to read, in every field of the operation's schema at once. Each
farmer and the coordinator send them: whoever may not use the operation gets 403 or 404,
whoever may gets 400 or 422.
"""

from __future__ import annotations

import json
import uuid

import pytest
from flask import Flask
from pydantic import BaseModel

import tests.api.routes  # noqa: F401  (registers every route before collection)
from market.core.api.http import MAX_JSON_DEPTH
from market.core.api.openapi import document
from market.core.api.registry import OPERATIONS, Operation
from market.core.schemas import Patch
from tests.api.conftest import Call, World

JSON = "application/json"
ROLES = ("livestock", "arable", "coordinator")
NOT_OBJECTS = ["[]", "[{}]", '"lot"', "42", "-0.0", "null", "true", "1e400"]
DEEP = "[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5)
#: Values put in every field: too large for a float, infinite, not a number, too many digits.
BAD_VALUES = ["1" + "0" * 400, "1e400", "-1e400", "NaN", "Infinity", DEEP]
#: More digits than Python reads into an int (4,300); in one field, to stay within 64 kB.
TOO_LONG = "9" * 5000
BODY_OPERATIONS = [op for op in OPERATIONS if op.body is not None]


def _fields(op: Operation) -> list[str]:
    assert isinstance(op.body, type) and issubclass(op.body, BaseModel)
    return list(op.body.model_json_schema()["properties"])


def _every_field(op: Operation, value: str) -> str:
    """A JSON object giving `value` (raw JSON text) to every field of the operation's body."""
    return "{" + ", ".join(f"{json.dumps(name)}: {value}" for name in _fields(op)) + "}"


def _bodies(op: Operation) -> list[str]:
    too_long = "{" + f"{json.dumps(_fields(op)[0])}: {TOO_LONG}" + "}"
    return [*NOT_OBJECTS, DEEP, too_long, *(_every_field(op, value) for value in BAD_VALUES)]


def _path(op: Operation, world: World) -> str:
    """The operation's path on the seeded world; a farm declines (with a reason) an approved
    proposal, as farms see only those, and a coordinator rejects an unreviewed one."""
    answered = op.path.endswith("/decline")
    ids = {
        "lot_id": world.lot,
        "request_id": world.request,
        "proposal_id": world.approved if answered else world.proposed,
        "run_id": world.run,
        "delivery_id": world.delivery,
        "thread_id": world.thread,
    }
    return op.path.format(**{name: ids[name] for name in op.path_params})


@pytest.mark.parametrize("op", BODY_OPERATIONS, ids=lambda op: f"{op.method} {op.path}")
def test_malformed_bodies_are_400_or_422(
    api_app: Flask, call: Call, world: World, op: Operation
) -> None:
    api_app.config.update(API_LIMIT_TOKEN_CALLS=10**6, API_LIMIT_RUNS=10**6)
    answers: dict[int, list[str]] = {}
    for body in _bodies(op):
        for role in ROLES:
            headers = {"If-Match": "*", "Idempotency-Key": str(uuid.uuid4())}
            response = call(
                role, op.method, _path(op, world), data=body, content_type=JSON, headers=headers
            )
            answers.setdefault(response.status_code, []).append(f"{role}: {body[:60]}")
        refused_by_someone = {400, 422} & {code for code in answers}
        assert refused_by_someone, body[:60]
    assert set(answers) <= {400, 403, 404, 422}, {k: v[:3] for k, v in answers.items()}


PATCHES = [op for op in BODY_OPERATIONS if isinstance(op.body, type) and issubclass(op.body, Patch)]


@pytest.mark.parametrize("op", PATCHES, ids=lambda op: f"{op.method} {op.path}")
def test_an_empty_patch_is_422_as_the_document_says(
    call: Call, world: World, op: Operation
) -> None:
    assert isinstance(op.body, type)
    assert document()["components"]["schemas"][op.body.__name__]["minProperties"] == 1
    answers = {
        call(role, "PATCH", _path(op, world), json={}, headers={"If-Match": "*"}).status_code
        for role in ROLES
    }
    assert 422 in answers and answers <= {403, 404, 422}
