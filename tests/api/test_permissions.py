"""Every API route × every role, from one table: who gets 200/201, 401, 403 or 404.

Roles: anonymous (no token), the livestock farmer (owns the lot), the arable farmer (owns
the request), another farm's user, and a coordinator. Another farm's listing is 404, not
403. Each case starts from the same seeded database, and every registered operation must
appear in the table, so a new route cannot go untested.
"""

from __future__ import annotations

from typing import Any

import pytest

import tests.api.routes  # noqa: F401  (registers every route before collection)
from market.core.api.registry import OPERATIONS
from tests.api.conftest import ROLES, Call, World
from tests.api.seed import LOT_BODY, REQUEST_BODY

DELIVERY = {"delivered_on": "2026-11-20", "weighed_tonnes": 2.0}
ADMIN = (401, 403, 403, 403, 200)
EVERYONE = (401, 200, 200, 200, 200)
#: (method, path, body, statuses for anonymous, livestock, arable, other, coordinator)
MATRIX: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("GET", "/me", None, EVERYONE),
    ("GET", "/farm", None, (401, 200, 200, 200, 403)),
    ("PATCH", "/farm", {"address": "Dorpsstraat 1"}, (401, 200, 200, 200, 403)),
    ("GET", "/lots", None, EVERYONE),
    ("POST", "/lots", LOT_BODY, (401, 201, 201, 201, 403)),
    ("GET", "/lots/{lot}", None, (401, 200, 404, 404, 200)),
    ("PATCH", "/lots/{lot}", {"tonnes": 450}, (401, 200, 404, 404, 403)),
    ("POST", "/lots/{lot}/withdraw", None, (401, 200, 404, 404, 403)),
    ("GET", "/requests", None, EVERYONE),
    ("POST", "/requests", REQUEST_BODY, (401, 201, 201, 201, 403)),
    ("GET", "/requests/{request}", None, (401, 404, 200, 404, 200)),
    ("PATCH", "/requests/{request}", {"n_kg": 35000}, (401, 404, 200, 404, 403)),
    ("POST", "/requests/{request}/withdraw", None, (401, 404, 200, 404, 403)),
    ("POST", "/runs", {"region": "Zeeland"}, (401, 403, 403, 403, 201)),
    ("GET", "/runs", None, ADMIN),
    ("GET", "/runs/{run}", None, ADMIN),
    ("GET", "/runs/{run}/instance", None, ADMIN),
    ("GET", "/runs/{run}/solution", None, ADMIN),
    ("GET", "/runs/{run}/proposals", None, ADMIN),
    # the seeded run is solved: nothing to retry
    ("POST", "/runs/{run}/retry", None, (401, 403, 403, 403, 409)),
    ("GET", "/proposals", None, EVERYONE),
    ("GET", "/proposals/{approved}", None, (401, 200, 200, 404, 200)),
    ("GET", "/proposals/{proposed}", None, (401, 404, 404, 404, 200)),
    ("POST", "/proposals/{proposed}/approve", None, (401, 404, 404, 404, 200)),
    ("POST", "/proposals/{proposed}/reject", None, (401, 404, 404, 404, 200)),
    ("PATCH", "/proposals/{proposed}", {"tonnes": 100}, (401, 404, 404, 404, 200)),
    ("POST", "/proposals/{approved}/accept", None, (401, 200, 200, 404, 403)),
    ("POST", "/proposals/{approved}/decline", None, (401, 200, 200, 404, 403)),
    ("GET", "/deliveries", None, EVERYONE),
    ("POST", "/deliveries", {"proposal_id": "{agreed}", **DELIVERY}, (401, 201, 201, 422, 201)),
    ("GET", "/deliveries/{delivery}", None, (401, 200, 200, 404, 200)),
    ("GET", "/deliveries/{delivery}/declaration.pdf", None, (401, 200, 200, 404, 200)),
    ("GET", "/deliveries/transport", None, EVERYONE),
    ("GET", "/deliveries/transport.csv", None, EVERYONE),
    ("GET", "/deliveries/{delivery}/transport", None, (401, 200, 200, 404, 200)),
    # organic manure is within the request's reach: the arable farm's statement is refused
    ("POST", "/statements", {"request_id": "{request}"}, (401, 422, 422, 422, 403)),
    ("GET", "/statements/{statement}", None, (401, 404, 200, 404, 200)),
    ("GET", "/statements/{statement}/statement.pdf", None, (401, 404, 200, 404, 200)),
    # threads: the arable farm showed interest in the livestock farm's lot
    ("GET", "/threads", None, EVERYONE),
    # interest in the arable farm's request: its own farm is refused (422), coordinators 403
    ("POST", "/threads", {"request_id": "{request}"}, (401, 201, 422, 201, 403)),
    ("GET", "/threads/{thread}", None, (401, 200, 200, 404, 200)),
    ("POST", "/threads/{thread}/messages", {"body": "Ja."}, (401, 201, 201, 404, 403)),
]
CASES = [
    pytest.param(method, path, body, role, expected[index], id=f"{method} {path} {role}")
    for method, path, body, expected in MATRIX
    for index, role in enumerate(ROLES)
]


def resolve(text: str, world: World) -> str:
    ids = {
        "lot": world.lot,
        "request": world.request,
        "run": world.run,
        "approved": world.approved,
        "proposed": world.proposed,
        "agreed": world.agreed,
        "delivery": world.delivery,
        "statement": world.statement,
        "thread": world.thread,
    }
    return text.format(**ids)


def body_for(body: dict[str, Any] | None, world: World) -> dict[str, Any] | None:
    if body is None:
        return None
    return {
        key: int(resolve(value, world)) if isinstance(value, str) and "{" in value else value
        for key, value in body.items()
    }


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), CASES)
def test_route_answers_each_role(
    call: Call,
    world: World,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    role: str,
    status: int,
) -> None:
    response = call(
        role, method, resolve(path, world), json=body_for(body, world), headers={"If-Match": "*"}
    )
    assert response.status_code == status, response.get_data(as_text=True)
    if status >= 400:
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == status


def test_the_table_covers_every_operation() -> None:
    def shape(path: str) -> str:
        return path.split("{")[0] + ("{}" if "{" in path else "") + path.rsplit("}", 1)[-1]

    table = {(method, shape(path)) for method, path, _body, _statuses in MATRIX}
    registered = {(op.method, shape(op.path)) for op in OPERATIONS}
    assert registered == table


WRITES = [op for op in OPERATIONS if op.scope == "write"]


@pytest.mark.parametrize("op", WRITES, ids=[f"{op.method} {op.path}" for op in WRITES])
def test_a_read_token_cannot_write(call: Call, world: World, op: Any) -> None:
    path = op.path.replace("{lot_id}", str(world.lot)).replace("{request_id}", str(world.request))
    path = path.replace("{proposal_id}", str(world.proposed)).replace("{run_id}", str(world.run))
    path = path.replace("{thread_id}", str(world.thread))
    response = call("reader", op.method, path, json={}, headers={"If-Match": "*"})
    assert response.status_code == 403
    assert "insufficient_scope" in response.headers["WWW-Authenticate"]
