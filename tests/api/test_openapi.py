"""The OpenAPI document: complete, valid, served with its reference page, and true.

"True" is schemathesis's part: it generates requests from the document and sends them to
a real server on the loopback interface (a thread running werkzeug), checking that nothing
answers 500 and every answer matches its documented status, media type and schema. The
number of examples is bounded so the whole run takes seconds. Schema-valid requests must be
accepted (schemathesis's positive-data-acceptance check), except the refusals listed in
`STATE_REFUSALS`: each depends on what is stored or on two fields compared, which JSON Schema
cannot say. What it can say, the document says (a lot's two coordinates, `minProperties` of a
patch), so the generator does not produce those bodies.
"""

from __future__ import annotations

import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import (
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
)
from werkzeug.serving import make_server

import tests.api.routes  # noqa: F401  (registers every route before collection)
from market.core.api.openapi import document, error_codes, success_codes
from market.core.api.registry import OPERATIONS, Operation
from market.core.app import create_app
from market.core.broker import ensure_broker_folders
from market.core.schemas.jsonschema import REF_TEMPLATE, OpenApiJsonSchema
from market.listings.schemas import LotInput
from tests.api.conftest import World
from tests.conftest import settings_for

EXAMPLES = 6
#: Service refusals (422 codes) of schema-valid bodies, and why the document cannot rule them out.
STATE_REFUSALS = {
    "not_before_start": "an end date before its start: JSON Schema cannot compare two fields",
    "prices_without_loads": "a load price without loads true: JSON Schema cannot compare fields",
    "both_coordinates": "a patch's lat or lon is checked against the place stored on the lot",
    "already_reviewed": "the seeded proposal was approved or rejected by an earlier example",
    "listing_changed": "the seeded proposal's lot or request was changed by an earlier example",
    "not_agreed": "a delivery needs a proposal both farms accepted: a state, not a body",
    "no_such_proposal": "a made-up proposal id: whether it exists is stored, not written",
    "lot_not_open": "the seeded lot was withdrawn by an earlier example",
    "request_not_open": "the seeded request was withdrawn by an earlier example",
    "skal_taken": "a generated Skal number can be one another seeded farm holds",
    "manure_code_kind": "a patch's manure code is checked against the kind stored on the lot",
    "manure_mix_digestate": "a patch's mix is checked against the kind stored on the lot",
    "manure_mix_total": "a mix's shares must add up to 100: JSON Schema cannot sum fields",
    "manure_mix_repeated": "a mix names each code once: JSON Schema cannot compare fields",
    "no_such_request": "a made-up request id, or another farm's: ownership is stored",
    "organic_available": "whether organic manure is within the request's reach is stored",
    "statement_request_closed": "the seeded request was withdrawn by an earlier example",
    "unusual_figure": "a figure outside its sector range needs confirm_unusual: the range "
    "depends on the lot's kind (or, in a patch, on the stored figures)",
    "date_future": "an analysis date after today: JSON Schema knows no today",
    "date_window": "a listing's date years from today: JSON Schema knows no today (the"
    " document says the window in the date's description)",
    "own_listing": "interest in a listing of one's own farm: which farm owns it is stored",
    "listing_not_open": "interest in a listing withdrawn by an earlier example",
    "already_answered": "the seeded proposal was answered by an earlier example",
    "lot_taken": "what the lot has left depends on the proposals approved and delivered",
    "request_taken": "what the request has left depends on the proposals approved",
    "below_committed": "a lot or request cannot go below what is committed: stored",
    "below_delivered": "a proposal cannot go below what was weighed on it: stored",
    "over_tolerance": "the deliveries already booked on the proposal count: stored",
    "before_approval": "a delivery date is compared with the stored approval",
    "outside_province": "the place is checked against the province's outline, not a schema",
    "proposal_not_open": "the seeded proposal was rejected by an earlier example",
    "lot_overfilled": "the run's other proposals on the lot are stored",
    "request_overfilled": "the run's other proposals into the request are stored",
    "n_room_exceeded": "the receiving farm's room depends on its stored land and receipts",
    "a_share_too_low": "the receiving farm's A-share depends on its stored figures",
}


def test_every_operation_is_documented_with_its_errors(api_app: Flask) -> None:
    paths = document()["paths"]
    for op in OPERATIONS:
        entry = paths[op.path][op.method.lower()]
        documented = {*success_codes(op), *error_codes(op)}
        assert set(entry["responses"]) == set(map(str, documented))
        assert entry["description"], f"{op.endpoint} needs a docstring"
    rules = {rule.rule for rule in api_app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert len(rules) == len({op.path for op in OPERATIONS}) + 2  # + openapi.json and docs


def test_bodies_and_answers_are_described_by_the_pydantic_schemas() -> None:
    schemas = document()["components"]["schemas"]
    generated = LotInput.model_json_schema(
        ref_template=REF_TEMPLATE, schema_generator=OpenApiJsonSchema
    )
    nested = generated.pop("$defs")  # the manure mix's models, components of their own
    assert schemas["LotInput"] == generated
    assert all(schemas[name] == schema for name, schema in nested.items())
    assert schemas["LotInput"]["properties"]["p2o5_kg_per_t"]["maximum"] == 1000
    assert schemas["LotInput"]["additionalProperties"] is False
    assert set(schemas["FieldProblem"]["required"]) == {"field", "pointer", "detail", "code"}
    post = document()["paths"]["/lots"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LotInput"
    }
    assert post["requestBody"]["required"] is True
    paths = document()["paths"]
    optional = [op for path, ops in paths.items() for op in ops.values() if "requestBody" in op]
    assert {op["operationId"] for op in optional if not op["requestBody"]["required"]} == {
        "reject",
        "decline",
        "withdraw_lot_",
        "withdraw_request_",
    }


def test_the_document_and_the_reference_page_are_public(api_app: Flask) -> None:
    client = api_app.test_client()
    served = client.get("/api/v1/openapi.json").get_json()
    assert served["openapi"] == "3.1.0"
    assert served["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs").get_data(as_text=True)
    for op in OPERATIONS:
        assert f"{op.method} {op.path}" in page
    scripts = re.findall(r"<script[^>]*>", page)  # the site's own form helper, nothing else
    assert scripts == ['<script src="/static/js/forms.js" defer>']


@pytest.fixture(scope="module")
def live_server(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("live")
    shutil.copyfile(world.template, folder / "db.sqlite3")
    app_settings = settings_for(
        folder / "instance", DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}"
    )
    ensure_broker_folders(app_settings)
    app = create_app(app_settings)
    app.config.update(API_LIMIT_TOKEN_CALLS=10**6, API_LIMIT_RUNS=10**6, API_LIMIT_BAD_TOKENS=10**6)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    _dispose(app)


def _dispose(app: Flask) -> None:
    app.extensions["mestmatch"].session_factory.kw["bind"].dispose()


SCHEMAS = {
    GenerationMode.POSITIVE: schemathesis.openapi.from_dict(document()),
    # Without the security scheme, so negative cases never mutate the token we add ourselves.
    GenerationMode.NEGATIVE: schemathesis.openapi.from_dict({**document(), "security": []}),
}
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
ROLES = ("livestock", "coordinator")
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


CASES = [
    pytest.param(op, role, mode, id=f"{op.method} {op.path} {role} {mode.value}")
    for op in OPERATIONS
    for role in ROLES
    for mode in MODES
    # Negative mode needs something to break: a parameter, a header or a body.
    if mode is GenerationMode.POSITIVE or op.query or op.body or op.path_params or op.idempotent
]


def refused_on_state(response: Any, case: Any) -> bool:
    """A stale made-up If-Match (412), or a 422 whose every code is in `STATE_REFUSALS`."""
    if response.status_code == 412:
        return "If-Match" in (case.headers or {})
    if response.status_code != 422:
        return False
    codes = {error.get("code") for error in response.json().get("errors", [])}
    return bool(codes) and codes <= STATE_REFUSALS.keys()


def positive_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis's `positive_data_acceptance`, but for the refusals on stored state."""
    if refused_on_state(response, case):
        return None
    return positive_data_acceptance(ctx, response, case)


def fresh_key(case: Any, token: dict[str, str]) -> None:
    """The token on `case`, and a new Idempotency-Key where it has one: the generator repeats
    keys across examples, and a key reused for another body is refused by design (422)."""
    case.headers = {**(case.headers or {}), **token}
    if "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())


@pytest.mark.parametrize(("op", "role", "mode"), CASES)
def test_api_keeps_its_promises(
    live_server: str, world: World, op: Operation, role: str, mode: GenerationMode
) -> None:
    """Generated requests for one operation and one role: no 500, answers as documented.

    Negative mode sends what the document forbids (wrong types, missing fields, bad query
    values): each must be refused with a documented 4xx, never accepted or a 500. An
    update is refused with 412 before its body is read when its If-Match is stale.
    """
    token = {"Authorization": f"Bearer {world.tokens[role]}"}

    @FAST
    @given(case=SCHEMAS[mode][op.path][op.method].as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        fresh_key(case, token)
        excluded = [positive_data_acceptance]
        if op.if_match:
            excluded.append(negative_data_rejection)
        case.call_and_validate(
            base_url=f"{live_server}/api/v1",
            excluded_checks=excluded,
            additional_checks=[positive_data_accepted],
        )

    check()


@pytest.mark.parametrize("role", ROLES)
def test_api_keeps_its_promises_across_linked_calls(
    live_server: str, world: World, role: str
) -> None:
    """Stateful: create, then read, update and withdraw what was created, following the links
    of the document (ids from bodies, ETags as If-Match), checking every answer."""
    token = {"Authorization": f"Bearer {world.tokens[role]}"}
    base = SCHEMAS[GenerationMode.POSITIVE].as_state_machine()

    class Machine(base):  # type: ignore[valid-type, misc]
        def call(self, case: Any, **kwargs: Any) -> Any:
            fresh_key(case, token)
            return case.call(base_url=f"{live_server}/api/v1", **kwargs)

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            # Auth is checked per operation above; here the token rides on every case.
            excluded = [positive_data_acceptance, ignored_auth]
            case.validate_response(
                response, excluded_checks=excluded, additional_checks=[positive_data_accepted]
            )

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
