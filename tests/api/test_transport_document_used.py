"""The API books a delivery whose transport document number another delivery has only when
the body confirms it (`confirm_document_used`), as the page does (one service for both)."""

from __future__ import annotations

from tests.api.conftest import Call, World


def test_a_used_document_number_is_refused_until_confirmed(call: Call, world: World) -> None:
    body = {"proposal_id": world.agreed, "delivered_on": "2026-11-20", "weighed_tonnes": 1.0}
    first = call(
        "livestock", "POST", "/deliveries", json={**body, "transport_document_no": "VDM-9"}
    )
    assert first.status_code == 201
    again = {**body, "transport_document_no": "vdm-9 "}
    refused = call("livestock", "POST", "/deliveries", json=again)
    assert refused.status_code == 422
    [error] = refused.get_json()["errors"]
    assert (error["field"], error["code"]) == ("transport_document_no", "transport_document_used")
    assert error["detail"].startswith("Unusual: the delivery of November 20, 2026 already has")
    confirmed = call(
        "livestock", "POST", "/deliveries", json={**again, "confirm_document_used": True}
    )
    assert confirmed.status_code == 201
    assert confirmed.get_json()["transport_document_no"] == "vdm-9"
