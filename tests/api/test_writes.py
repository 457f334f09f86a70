"""Creating and changing through the API: idempotency keys, ETags, runs, reviews, audit."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from market.models import AuditEntry, Farm, Lot, ReviewStatus, User
from tests.api.conftest import Call, World
from tests.api.seed import INSTANCE, LOT_BODY, SOLUTION
from tests.conftest import log_in, post_form, state


def lot_count(app: Flask) -> int:
    with state(app).session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(Lot)) or 0)


def test_a_created_lot_has_its_location_etag_and_derived_category(call: Call) -> None:
    response = call("livestock", "POST", "/lots", json=LOT_BODY)
    assert response.status_code == 201
    lot = response.get_json()
    assert response.headers["Location"] == f"/api/v1/lots/{lot['id']}"
    assert (lot["category"], lot["version"], lot["status"]) == ("A", 1, "open")
    assert (lot["analysis_source"], lot["standard_fields"]) == (
        "measured",
        ["p2o5_kg_per_t", "k2o_kg_per_t"],
    )
    again = call("livestock", "GET", f"/lots/{lot['id']}")
    assert again.headers["ETag"] == response.headers["ETag"]


def test_the_same_idempotency_key_creates_one_lot(call: Call, api_app: Flask) -> None:
    before = lot_count(api_app)
    key = {"Idempotency-Key": "order-4711"}
    first = call("livestock", "POST", "/lots", json=LOT_BODY, headers=key)
    second = call("livestock", "POST", "/lots", json=LOT_BODY, headers=key)
    assert first.status_code == second.status_code == 201
    assert second.get_json() == first.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.headers["Location"] == first.headers["Location"]
    assert lot_count(api_app) == before + 1


def test_a_reused_key_with_another_body_is_refused(call: Call, api_app: Flask) -> None:
    key = {"Idempotency-Key": "order-4712"}
    call("livestock", "POST", "/lots", json=LOT_BODY, headers=key)
    other = call("livestock", "POST", "/lots", json={**LOT_BODY, "tonnes": 9}, headers=key)
    assert other.status_code == 422


def test_keys_belong_to_their_user(call: Call, api_app: Flask) -> None:
    key = {"Idempotency-Key": "shared-name"}
    call("livestock", "POST", "/lots", json=LOT_BODY, headers=key)
    theirs = call("other", "POST", "/lots", json=LOT_BODY, headers=key)
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers


def test_an_update_needs_the_current_etag(call: Call, world: World) -> None:
    path = f"/lots/{world.lot}"
    tag = call("livestock", "GET", path).headers["ETag"]
    missing = call("livestock", "PATCH", path, json={"tonnes": 450})
    assert missing.status_code == 428
    first = call("livestock", "PATCH", path, json={"tonnes": 450}, headers={"If-Match": tag})
    assert first.status_code == 200
    assert first.get_json()["version"] == 2
    late = call("livestock", "PATCH", path, json={"tonnes": 400}, headers={"If-Match": tag})
    assert late.status_code == 412
    assert late.headers["ETag"] == first.headers["ETag"]


def test_two_coordinators_cannot_overwrite_each_other(
    call: Call, world: World, api_app: Flask
) -> None:
    path = f"/proposals/{world.proposed}"
    tag = call("coordinator", "GET", path).headers["ETag"]
    adjusted = call("coordinator", "PATCH", path, json={"tonnes": 100}, headers={"If-Match": tag})
    assert adjusted.status_code == 200
    stale = call("coordinator", "POST", f"{path}/reject", headers={"If-Match": tag})
    assert stale.status_code == 412
    with state(api_app).session_factory() as session:
        entry = session.scalars(select(AuditEntry)).one()  # the adjustment, once
        assert (entry.action, entry.target_id) == ("proposal.adjust", world.proposed)
        assert entry.detail["tonnes"] == 100.0


def test_withdrawing_twice_is_refused(call: Call, world: World) -> None:
    path = f"/requests/{world.request}/withdraw"
    assert call("arable", "POST", path, headers={"If-Match": "*"}).status_code == 200
    again = call("arable", "POST", path, headers={"If-Match": "*"})
    assert again.status_code == 422
    assert again.get_json()["errors"][0]["field"] == "status"


def test_a_started_run_is_committed_then_enqueued(call: Call, api_app: Flask) -> None:
    response = call("coordinator", "POST", "/runs", json={"region": "Zeeland"})
    assert response.status_code == 201
    run = response.get_json()
    assert (run["status"], run["scope"]["region"], run["progress"]["percent"]) == (
        "queued",
        "Zeeland",
        0,
    )
    queue = Path(state(api_app).settings.broker_transport_options["data_folder_in"])
    assert len(list(queue.iterdir())) == 1


def test_run_creation_is_rate_limited(call: Call, api_app: Flask) -> None:
    api_app.config["API_LIMIT_RUNS"] = 2
    statuses = [call("coordinator", "POST", "/runs", json={}).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


def test_instance_and_solution_are_the_documents_of_the_run(call: Call, world: World) -> None:
    instance = call("coordinator", "GET", f"/runs/{world.run}/instance").get_json()
    assert instance == INSTANCE
    solution = call("coordinator", "GET", f"/runs/{world.run}/solution").get_json()
    assert solution == SOLUTION


def test_a_queued_run_has_nothing_to_export_yet(call: Call) -> None:
    run = call("coordinator", "POST", "/runs", json={}).get_json()
    assert call("coordinator", "GET", f"/runs/{run['id']}/instance").status_code == 409
    assert call("coordinator", "GET", f"/runs/{run['id']}/solution").status_code == 409


def test_approvals_are_audited_and_never_exceed_the_lot(
    call: Call, world: World, api_app: Flask
) -> None:
    star = {"If-Match": "*"}
    path = f"/lots/{world.lot}"
    tag = call("livestock", "GET", path).headers["ETag"]
    assert (
        call(
            "livestock", "PATCH", path, json={"tonnes": 400}, headers={"If-Match": tag}
        ).status_code
        == 200
    )
    # 120 t and 50 t approved; 300 t more would make 470 t of a 400 t lot.
    refused = call("coordinator", "POST", f"/proposals/{world.proposed}/approve", headers=star)
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "tonnes"
    rejected = call("coordinator", "POST", f"/proposals/{world.proposed}/reject", headers=star)
    assert rejected.get_json()["review_status"] == ReviewStatus.REJECTED.value
    with state(api_app).session_factory() as session:
        entries = session.scalars(select(AuditEntry)).all()
        assert [(e.action, e.target_id) for e in entries] == [("proposal.reject", world.proposed)]


def test_farmers_answer_their_proposal_once(call: Call, world: World) -> None:
    path = f"/proposals/{world.approved}"
    assert call("livestock", "POST", f"{path}/accept").get_json()["supplier_response"] == (
        "accepted"
    )
    assert call("livestock", "POST", f"{path}/decline").status_code == 422
    assert call("arable", "POST", f"{path}/decline").get_json()["receiver_response"] == ("declined")


def test_a_delivery_is_booked_and_listed_for_both_farms(call: Call, world: World) -> None:
    body = {
        "proposal_id": world.agreed,
        "delivered_on": "2026-11-20",
        "weighed_tonnes": 2.0,
        "transport_document_no": "VDM-1",
    }
    booked = call("livestock", "POST", "/deliveries", json=body).get_json()
    assert booked["declaration_of_origin_no"].startswith("VVH-2026-")
    listed = call("arable", "GET", "/deliveries").get_json()
    assert {row["id"] for row in listed["items"]} == {world.delivery, booked["id"]}


def test_pages_link_to_the_next_one(call: Call) -> None:
    for _ in range(3):
        call("livestock", "POST", "/lots", json=LOT_BODY)
    first = call("livestock", "GET", "/lots?per_page=2")
    assert first.get_json()["total"] == 4
    assert 'rel="next"' in first.headers["Link"]
    last = call("livestock", "GET", "/lots?per_page=2&page=2")
    assert len(last.get_json()["items"]) == 2
    assert "Link" not in last.headers


def test_my_farm_can_be_updated(call: Call) -> None:
    tag = call("arable", "GET", "/farm").headers["ETag"]
    response = call("arable", "PATCH", "/farm", json={"area_ha": 55.5}, headers={"If-Match": tag})
    assert response.status_code == 200
    assert response.get_json()["area_ha"] == 55.5
    assert response.headers["ETag"] != tag


def test_a_farm_approval_in_the_browser_is_audited(api_app: Flask) -> None:
    with state(api_app).session_factory() as session:
        farm = session.scalars(select(Farm).where(Farm.name == "Derde Erf")).one()
        farm.approved = False
        session.commit()
        farm_id = farm.id
    browser = api_app.test_client()
    log_in(browser, "coordinator@example.nl")
    post_form(browser, f"/farms/{farm_id}", {}, f"/farms/{farm_id}/approve")
    with state(api_app).session_factory() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.target_id, entry.detail) == (
            "farm.approve",
            farm_id,
            {"skal_number": "12342"},
        )
        assert (
            entry.actor_id
            == session.scalars(select(User.id).where(User.email == "coordinator@example.nl")).one()
        )


def test_an_adjustment_is_refused_with_codes_in_the_readers_language(
    call: Call, world: World
) -> None:
    path, star = f"/proposals/{world.proposed}", {"If-Match": "*"}
    mistyped = call("coordinator", "PATCH", path, json={"tonnes": "100"}, headers=star)
    assert mistyped.status_code == 422
    assert mistyped.get_json()["errors"][0]["code"] == "number"  # JSON: a string is no number
    dutch = {**star, "Accept-Language": "nl"}
    too_much = call("coordinator", "PATCH", path, json={"tonnes": 5000}, headers=dutch)
    (error,) = too_much.get_json()["errors"]
    assert (error["field"], error["code"]) == ("tonnes", "lot_taken")
    assert error["detail"].startswith("Van deze partij kan nog 330 t worden goedgekeurd")


def test_a_change_of_tonnes_alone_gives_a_new_etag(call: Call, world: World) -> None:
    """The tonnes do not raise the version (proposals stay valid), but they are state: a
    write based on the old figure gets 412. (The first write also fills in the manure code
    the seeded lot lacks, a change of terms.)"""
    path = f"/lots/{world.lot}"
    first = call("livestock", "GET", path).headers["ETag"]
    read = call("livestock", "PATCH", path, json={"tonnes": 900}, headers={"If-Match": first})
    old, version = read.headers["ETag"], read.get_json()["version"]
    changed = call("livestock", "PATCH", path, json={"tonnes": 950}, headers={"If-Match": old})
    assert changed.status_code == 200 and changed.get_json()["version"] == version
    assert changed.headers["ETag"] != old
    late = call("livestock", "PATCH", path, json={"tonnes": 990}, headers={"If-Match": old})
    assert late.status_code == 412
