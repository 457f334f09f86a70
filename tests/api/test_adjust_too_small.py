"""The API's PATCH /proposals/{id} refuses an adjustment that carries no N the pages show,
as the review page does (one service for both), in the reader's language."""

from __future__ import annotations

from tests.api.conftest import Call, World


def test_tonnes_without_shown_n_are_refused_in_dutch(call: Call, world: World) -> None:
    headers = {"If-Match": "*", "Accept-Language": "nl"}
    path = f"/proposals/{world.proposed}"
    tiny = call("coordinator", "PATCH", path, json={"tonnes": 0.04}, headers=headers)
    assert tiny.status_code == 422
    (error,) = tiny.get_json()["errors"]
    assert (error["field"], error["code"]) == ("tonnes", "no_nitrogen")
    assert error["detail"] == "0,04 t bevat minder dan 1 kg N: een levering is minstens 0,228 t."
