"""A lot's manure code and a digestate's mix through the API: taken, answered, checked
against the kind."""

from __future__ import annotations

from tests.api.conftest import Call
from tests.api.seed import LOT_BODY

MIX = {"parts": [{"code": "14", "percent": 70}, {"code": "46", "percent": 30}]}


def post_lot(call: Call, **fields: object) -> tuple[int, dict[str, object]]:
    answer = call("livestock", "POST", "/lots", json={**LOT_BODY, **fields})
    return answer.status_code, answer.get_json()


def test_a_lot_takes_its_code_and_answers_it(call: Call) -> None:
    status, body = post_lot(call, kind="pig_slurry", manure_code="46")
    assert (status, body["manure_code"], body["manure_mix"]) == (201, "46", None)
    status, body = post_lot(call)  # cattle slurry has one code: it follows from the kind
    assert (status, body["manure_code"]) == (201, "14")


def test_a_digestate_takes_its_mix(call: Call) -> None:
    status, body = post_lot(call, kind="digestate", manure_mix={**MIX, "coproduct_code": "7"})
    assert status == 201
    assert body["manure_mix"] == {
        "parts": [{"code": "14", "percent": 70.0}, {"code": "46", "percent": 30.0}],
        "coproduct_code": "7",
    }


def test_a_code_of_another_kind_is_a_422_on_its_field(call: Call) -> None:
    status, body = post_lot(call, manure_code="46")
    assert status == 422
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("manure_code", "manure_code_kind")
    ]
    status, body = post_lot(call, manure_mix=MIX)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("manure_mix", "manure_mix_digestate")
    ]


def test_a_patch_to_another_kind_drops_the_old_code(call: Call) -> None:
    _, body = post_lot(call)
    answer = call(
        "livestock",
        "PATCH",
        f"/lots/{body['id']}",
        json={"kind": "horse_manure"},
        headers={"If-Match": "*"},
    )
    assert (answer.status_code, answer.get_json()["manure_code"]) == (200, "25")
