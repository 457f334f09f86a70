"""Reasons through the API, as on the pages: a coordinator's rejection, a farm's decline and a
withdrawal take an optional `reason` (the pages' limit of 1,000 characters), which is stored
and reaches the other farm; no body is no reason, as before."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from market.models import (
    AuditEntry,
    Lot,
    OutboxMessage,
    Proposal,
    Request,
    ReviewStatus,
    utcnow,
)
from market.proposals.schemas import MAX_REASON_LENGTH
from tests.api.conftest import Call, World
from tests.conftest import load, state

ANY = {"If-Match": "*"}
REASON = "De opslag is vol; we halen pas in april weer af."


def refusals(response_json: dict[str, object]) -> list[tuple[object, object]]:
    errors = response_json["errors"]
    assert isinstance(errors, list)
    return [(error["field"], error["code"]) for error in errors]


def mails_to(app: Flask, email: str) -> list[str]:
    """The bodies of the mails queued for `email`."""
    with state(app).session_factory() as session:
        query = select(OutboxMessage.body).where(OutboxMessage.recipient == email)
        return list(session.scalars(query))


def reviewed(app: Flask, proposal_id: int) -> None:
    """Mark the seeded approved proposal as reviewed by a coordinator: the farms have seen
    it, so its cancellation is mailed (`tell_cancelled`)."""
    with state(app).session_factory() as session:
        session.get_one(Proposal, proposal_id).reviewed_at = utcnow()
        session.commit()


def sent(call: Call, world: World, what: str, body: object) -> tuple[int, object]:
    """(status, JSON) of `what` ("reject", "decline", "withdraw") with `body` as JSON."""
    role, path = {
        "reject": ("coordinator", f"/proposals/{world.proposed}/reject"),
        "decline": ("arable", f"/proposals/{world.approved}/decline"),
        "withdraw": ("arable", f"/requests/{world.request}/withdraw"),
    }[what]
    response = call(role, "POST", path, json=body, headers=ANY)
    return response.status_code, response.get_json()


@pytest.mark.parametrize("what", ["reject", "decline", "withdraw"])
def test_a_reason_too_long_is_refused_naming_the_field(
    call: Call, world: World, api_app: Flask, what: str
) -> None:
    status, problem = sent(call, world, what, {"reason": "x" * (MAX_REASON_LENGTH + 1)})
    assert status == 422
    assert isinstance(problem, dict) and refusals(problem) == [("reason", "text_length")]
    assert load(api_app, Proposal, world.proposed).review_status is ReviewStatus.PROPOSED
    assert load(api_app, Proposal, world.approved).review_status is ReviewStatus.APPROVED
    assert load(api_app, Request, world.request).withdrawn_reason is None


@pytest.mark.parametrize("what", ["reject", "decline", "withdraw"])
def test_a_reason_must_be_text_in_an_object(call: Call, world: World, what: str) -> None:
    status, problem = sent(call, world, what, {"reason": 5})
    assert status == 422 and isinstance(problem, dict)
    assert [field for field, _ in refusals(problem)] == ["reason"]
    assert sent(call, world, what, ["Te ver"])[0] == 400
    assert sent(call, world, what, {"why": REASON})[0] == 422  # an unknown field


def test_a_rejections_reason_is_stored_and_audited(
    call: Call, world: World, api_app: Flask
) -> None:
    status, proposal = sent(call, world, "reject", {"reason": f"  {REASON}  "})
    assert status == 200 and isinstance(proposal, dict)
    assert (proposal["review_status"], proposal["review_reason"]) == ("rejected", REASON)
    with state(api_app).session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "proposal.reject")
        ).one()
        assert entry.target_id == world.proposed and entry.detail["reason"] == REASON


def test_a_declines_reason_is_shown_and_mailed_to_the_other_farm(
    call: Call, world: World, api_app: Flask
) -> None:
    status, _ = sent(call, world, "decline", {"reason": REASON})
    assert status == 200
    seen = call("livestock", "GET", f"/proposals/{world.approved}").get_json()
    assert (seen["receiver_response"], seen["receiver_reason"]) == ("declined", REASON)
    (mail,) = mails_to(api_app, "livestock@example.nl")
    assert "Akkerbouw Zeeland" in mail and REASON in mail


def test_a_withdrawals_reason_is_stored_and_mailed_to_the_other_farm(
    call: Call, world: World, api_app: Flask
) -> None:
    reviewed(api_app, world.approved)
    status, listing = sent(call, world, "withdraw", {"reason": REASON})
    assert status == 200 and isinstance(listing, dict) and listing["status"] == "withdrawn"
    assert load(api_app, Request, world.request).withdrawn_reason == REASON
    cancelled = load(api_app, Proposal, world.approved)
    assert (cancelled.review_status, cancelled.review_reason) == (ReviewStatus.CANCELLED, REASON)
    (mail,) = mails_to(api_app, "livestock@example.nl")
    assert "Akkerbouw Zeeland" in mail and REASON in mail


def test_without_a_body_there_is_no_reason(call: Call, world: World, api_app: Flask) -> None:
    reviewed(api_app, world.approved)
    rejected = call("coordinator", "POST", f"/proposals/{world.proposed}/reject", headers=ANY)
    assert rejected.status_code == 200 and rejected.get_json()["review_reason"] is None
    withdrawn = call("livestock", "POST", f"/lots/{world.lot}/withdraw", headers=ANY)
    assert withdrawn.status_code == 200
    assert load(api_app, Lot, world.lot).withdrawn_reason is None
    (mail,) = mails_to(api_app, "arable@example.nl")
    assert "De Hoeve" in mail


def test_the_document_gives_the_reasons_limit(call: Call) -> None:
    document = call("anonymous", "GET", "/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    for path in (
        "/proposals/{proposal_id}/reject",
        "/proposals/{proposal_id}/decline",
        "/lots/{lot_id}/withdraw",
        "/requests/{request_id}/withdraw",
    ):
        body = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        reason = schemas[body["schema"]["$ref"].rsplit("/", 1)[1]]["properties"]["reason"]
        assert (reason["maxLength"], reason["type"]) == (MAX_REASON_LENGTH, ["string", "null"])
