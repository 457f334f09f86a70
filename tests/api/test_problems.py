"""Errors are problem documents: 401 vs 403 vs 404, bad JSON, oversized and mistyped bodies."""

from __future__ import annotations

import pytest

from market.core.api.http import MAX_JSON_DEPTH
from tests.api.conftest import Call, World
from tests.api.seed import LOT_BODY

PROBLEM = "application/problem+json"
JSON = "application/json"


def test_no_token_is_401_with_a_bearer_challenge(call: Call) -> None:
    response = call("anonymous", "GET", "/lots")
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["title"] == "Unauthorized"


def test_an_unknown_or_malformed_token_is_401(call: Call) -> None:
    for header in ("Bearer mm_not-a-token", "Basic dXNlcjpwdw==", "Bearer "):
        response = call("anonymous", "GET", "/me", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_another_farms_lot_is_404_like_a_missing_one(call: Call, world: World) -> None:
    theirs = call("arable", "GET", f"/lots/{world.lot}")
    missing = call("arable", "GET", "/lots/999999")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_json()["detail"] == missing.get_json()["detail"]


def test_an_unknown_path_and_a_wrong_method_are_problems_too(call: Call) -> None:
    unknown = call("livestock", "GET", "/nothing-here")
    assert (unknown.status_code, unknown.mimetype) == (404, PROBLEM)
    wrong = call("livestock", "DELETE", "/lots")
    assert (wrong.status_code, wrong.mimetype) == (405, PROBLEM)
    assert "GET" in wrong.headers["Allow"]


def test_malformed_json_is_400(call: Call) -> None:
    response = call(
        "livestock", "POST", "/lots", data="{kind: cattle", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert response.get_json()["detail"] == "The body is not valid JSON."


@pytest.mark.parametrize("depth", [5_000, 900, MAX_JSON_DEPTH])
def test_deeply_nested_json_is_400_not_a_crash(call: Call, depth: int) -> None:
    """Past Python's recursion limit (5,000 lists) the JSON reader broke with a 500; just
    under it (900) the answer hung on how deep the server's stack happened to be. Any body
    nested deeper than `MAX_JSON_DEPTH` (here the object and its lists) is bad JSON."""
    response = call("livestock", "POST", "/lots", data=_nested(depth), content_type=JSON)
    assert (response.status_code, response.mimetype) == (400, PROBLEM)
    assert response.get_json()["detail"] == "The body is not valid JSON."


def test_json_nested_up_to_the_limit_is_read(call: Call) -> None:
    response = call(
        "livestock", "POST", "/lots", data=_nested(MAX_JSON_DEPTH - 1), content_type=JSON
    )
    assert response.status_code == 422
    assert "kind" in {error["field"] for error in response.get_json()["errors"]}


def _nested(depth: int) -> str:
    """A lot body whose `kind` is `depth` lists within each other."""
    return '{"kind": ' + "[" * depth + "]" * depth + "}"


def test_a_body_that_is_not_an_object_is_400(call: Call) -> None:
    assert call("livestock", "POST", "/lots", json=[LOT_BODY]).status_code == 400


def test_a_form_body_is_415(call: Call) -> None:
    assert call("livestock", "POST", "/lots", data={"kind": "x"}).status_code == 415


def test_an_oversized_body_is_413(call: Call) -> None:
    body = {**LOT_BODY, "intermediary_name": "x" * 100_000}
    response = call("livestock", "POST", "/lots", json=body)
    assert response.status_code == 413
    assert response.mimetype == PROBLEM


def test_field_errors_name_every_field_with_a_pointer(call: Call) -> None:
    body = {"kind": "unicorn_dung", "tonnes": -3, "available_from": "tomorrow"}
    response = call("livestock", "POST", "/lots", json=body)
    assert response.status_code == 422
    errors = {error["field"]: error for error in response.get_json()["errors"]}
    assert set(errors) == {"kind", "tonnes", "available_from"}
    assert errors["tonnes"] == {
        "field": "tonnes",
        "pointer": "/tonnes",
        "detail": "Must be more than 0.",
        "code": "number_above",
    }


def test_field_errors_speak_the_language_the_request_asks_for(call: Call) -> None:
    body = {**LOT_BODY, "tonnes": 0, "lat": 52.0, "manure_share": 1.5}
    headers = {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}
    response = call("livestock", "POST", "/lots", json=body, headers=headers)
    errors = {error["field"]: error for error in response.get_json()["errors"]}
    assert (errors["tonnes"]["code"], errors["tonnes"]["detail"]) == (
        "number_above",
        "Moet meer dan 0 zijn.",
    )
    assert errors["manure_share"]["detail"] == "Moet tussen 0 en 1 liggen."
    assert errors["lon"]["code"] == "both_coordinates"
    assert response.get_json()["detail"] == "Het verzoek heeft ongeldige velden."
    english = call("livestock", "POST", "/lots", json=body).get_json()
    assert {error["detail"] for error in english["errors"]} >= {"Must be more than 0."}
    assert english["detail"] == "The request has invalid fields."
    refused = call("livestock", "POST", "/runs", json={}, headers=headers).get_json()
    assert refused["detail"] == "Alleen coördinatoren mogen dit doen."


def test_unknown_fields_and_wrong_types_are_422_before_any_rule(call: Call) -> None:
    body = {**LOT_BODY, "tonnage": 5, "tonnes": "200", "husbandry_ok": "yes"}
    response = call("livestock", "POST", "/lots", json=body)
    assert response.status_code == 422
    fields = {error["field"] for error in response.get_json()["errors"]}
    assert fields == {"tonnage", "tonnes", "husbandry_ok"}


def test_text_a_database_cannot_store_is_422(call: Call) -> None:
    body = {**LOT_BODY, "intermediary_name": "nul\x00byte"}
    assert call("livestock", "POST", "/lots", json=body).status_code == 422


def test_huge_ids_and_pages_are_refused_not_overflowed(call: Call) -> None:
    assert call("coordinator", "GET", "/lots/99999999999999999999").status_code == 404
    assert call("coordinator", "GET", "/lots?page=99999999999999999999").status_code == 400
    assert call("coordinator", "GET", "/proposals?run_id=-1").status_code == 400
