"""The API's side of issue 10: unusual figures need `confirm_unusual`, physical limits refuse,
a confirmed lot answers its flags."""

from __future__ import annotations

from tests.api.conftest import Call
from tests.api.seed import LOT_BODY, REQUEST_BODY


def test_slurry_at_40_kg_n_needs_confirm_unusual(call: Call) -> None:
    refused = call("livestock", "POST", "/lots", json={**LOT_BODY, "n_kg_per_t": 40})
    assert refused.status_code == 422
    [problem] = refused.get_json()["errors"]
    assert (problem["field"], problem["code"]) == ("n_kg_per_t", "unusual_figure")
    body = {**LOT_BODY, "n_kg_per_t": 40, "p2o5_kg_per_t": 150, "confirm_unusual": True}
    created = call("livestock", "POST", "/lots", json=body)
    assert created.status_code == 201
    lot = created.get_json()
    assert (lot["n_kg_per_t"], lot["p2o5_kg_per_t"]) == (40, 150)
    assert lot["flags"] == ["n_kg_per_t", "p2o5_kg_per_t", "kind"]  # the farm keeps no cattle
    assert (lot["suspended_reason"], lot["left_out_reason"]) == (None, None)


def test_feather_meal_is_offered_through_the_api(call: Call) -> None:
    body = {**LOT_BODY, "kind": "mineral_n", "n_kg_per_t": 120, "skal_input_list": True}
    created = call("livestock", "POST", "/lots", json=body)
    assert created.status_code == 201 and created.get_json()["flags"] == []


def test_physical_limits_and_the_future_are_refused(call: Call) -> None:
    body = {**LOT_BODY, "p2o5_kg_per_t": 1500, "analysed_on": "2030-01-01", "confirm_unusual": True}
    refused = call("livestock", "POST", "/lots", json=body)
    codes = {problem["field"]: problem["code"] for problem in refused.get_json()["errors"]}
    assert codes == {"p2o5_kg_per_t": "number_range", "analysed_on": "date_future"}
    huge = call("arable", "POST", "/requests", json={**REQUEST_BODY, "n_kg": 9_999_999_999})
    assert {p["code"] for p in huge.get_json()["errors"]} == {"number_max"}
