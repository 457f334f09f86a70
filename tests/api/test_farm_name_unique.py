"""PATCH /farm refuses another farm's name, at the field, and leaves the farm as it was."""

from __future__ import annotations

from tests.api.conftest import Call


def test_patch_refuses_another_farms_name(call: Call) -> None:
    tag = call("livestock", "GET", "/farm").headers["ETag"]
    headers = {"If-Match": tag}
    refused = call("livestock", "PATCH", "/farm", json={"name": " derde  ERF"}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "name"
    assert refused.get_json()["errors"][0]["code"] == "farm_name_taken"
    assert call("livestock", "GET", "/farm").get_json()["name"] == "De Hoeve"
