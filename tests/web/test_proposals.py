"""My proposals: approved proposals for my farm, accept or decline, the other farm is mailed."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import (
    FarmerResponse,
    Lot,
    MatchRun,
    Proposal,
    ReviewStatus,
)
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids, mails, request_ids


def add_proposal(app: Flask, review: ReviewStatus = ReviewStatus.APPROVED) -> int:
    """120 t of De Hoeve's cattle slurry to Akkerbouw Zeeland's request, 37 km."""
    lot_id, request_id = lot_ids(app, "De Hoeve")[0], request_ids(app, "Akkerbouw Zeeland")[0]
    with state(app).session_factory() as session:
        run = MatchRun(scope={}, params={}, solver="highs", gap=1e-4)
        proposal = Proposal(
            run=run,
            lot_id=lot_id,
            request_id=request_id,
            tonnes=120.0,
            n_kg=528.0,
            a_n_kg=528.0,
            animal_n_kg=528.0,
            distance_km=37.2,
            cost_eur=669.6,
            lot_version=1,
            request_version=1,
            review_status=review,
        )
        session.add(proposal)
        session.commit()
        return proposal.id


def load_proposal(app: Flask, proposal_id: int) -> Proposal:
    with state(app).session_factory() as session:
        row = session.get(Proposal, proposal_id)
        assert row is not None
        session.expunge_all()
        return row


@pytest.fixture
def proposal(app: Flask, marketplace: Market) -> int:
    approve_all(app)  # a farm a coordinator has not checked accepts nothing
    return add_proposal(app)


def test_both_farms_see_the_proposal_with_its_figures(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    log_in(client, marketplace.livestock_email)
    page = client.get("/proposals").get_data(as_text=True)
    assert "Ik lever" in page
    assert "Akkerbouw Zeeland" in page
    assert "37 km" in page
    assert "€\xa01.056,00" in page
    receiver = app.test_client()
    log_in(receiver, marketplace.arable_email)
    assert "Ik ontvang" in receiver.get("/proposals").get_data(as_text=True)


def test_unapproved_proposals_are_not_shown(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    add_proposal(app, ReviewStatus.PROPOSED)
    log_in(client, marketplace.livestock_email)
    assert "Nog geen goedgekeurde voorstellen" in client.get("/proposals").get_data(as_text=True)


def test_accepting_records_my_side_and_mails_the_other_farm(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    log_in(client, marketplace.livestock_email)
    response = post_form(client, "/proposals", {}, f"/proposals/{proposal}/accept")
    assert response.headers["Location"] == "/proposals"
    row = load_proposal(app, proposal)
    assert (row.supplier_response, row.receiver_response) == (
        FarmerResponse.ACCEPTED,
        FarmerResponse.PENDING,
    )
    sent = {mail["To"]: mail for mail in mails(app)}
    assert set(sent) == {marketplace.arable_email}
    body = sent[marketplace.arable_email].get_payload(decode=True).decode()
    assert "De Hoeve accepteerde het voorstel van 120 t Rundveedrijfmest." in body
    again = post_form(client, "/proposals", {}, f"/proposals/{proposal}/decline")
    assert again.status_code == 302
    assert load_proposal(app, proposal).supplier_response is FarmerResponse.ACCEPTED
    assert "U hebt dit voorstel al beantwoord." in client.get("/proposals").get_data(as_text=True)
    # The question page is not offered for an answered proposal either (a newcomer's finding).
    asked = client.get(f"/proposals/{proposal}/decline")
    assert (asked.status_code, asked.headers["Location"]) == (302, "/proposals")
    assert "U hebt dit voorstel al beantwoord." in client.get("/proposals").get_data(as_text=True)


def test_once_both_farms_accepted_my_proposals_leads_to_recording_the_delivery(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    """A newcomer accepted as both farms and found no way on from My proposals: the delivery
    is recorded from there now (the Deliveries page offers it too)."""
    book = f'href="/deliveries/new/{proposal}"'
    receiver = app.test_client()
    log_in(client, marketplace.livestock_email)
    log_in(receiver, marketplace.arable_email)
    post_form(client, "/proposals", {}, f"/proposals/{proposal}/accept")
    assert book not in client.get("/proposals").get_data(as_text=True)  # one side only
    post_form(receiver, "/proposals", {}, f"/proposals/{proposal}/accept")
    for farm in (client, receiver):
        page = farm.get("/proposals").get_data(as_text=True)
        assert book in page and "Levering vastleggen" in page
    assert receiver.get(f"/deliveries/new/{proposal}").status_code == 200


def test_declining_as_receiver_asks_first_and_tells_the_reason(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    log_in(client, marketplace.arable_email)
    question = f"/proposals/{proposal}/decline"
    assert f'href="{question}"' in client.get("/proposals").get_data(as_text=True)
    assert "Dit voorstel afwijzen?" in client.get(question).get_data(as_text=True)
    assert load_proposal(app, proposal).receiver_response is FarmerResponse.PENDING
    post_form(client, question, {"reason": "Opslag is vol"})
    row = load_proposal(app, proposal)
    assert (row.receiver_response, row.receiver_reason) == (
        FarmerResponse.DECLINED,
        "Opslag is vol",
    )
    body = {m["To"]: m for m in mails(app)}[marketplace.livestock_email].get_payload(decode=True)
    assert "Opslag is vol" in body.decode()
    supplier = app.test_client()
    log_in(supplier, marketplace.livestock_email)
    assert "Hun reden: Opslag is vol" in supplier.get("/proposals").get_data(as_text=True)


def test_a_changed_listing_makes_the_proposal_stale(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    with state(app).session_factory() as session:
        lot = session.scalars(select(Lot).where(Lot.id == lot_ids(app, "De Hoeve")[0])).one()
        lot.version = 2
        session.commit()
    log_in(client, marketplace.arable_email)
    assert "De partij of vraag is gewijzigd" in client.get("/proposals").get_data(as_text=True)
    post_form(client, "/proposals", {}, f"/proposals/{proposal}/accept")
    assert load_proposal(app, proposal).receiver_response is FarmerResponse.PENDING


def test_other_farms_and_coordinators_cannot_answer(
    app: Flask, client: FlaskClient, marketplace: Market, proposal: int
) -> None:
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    assert coordinator.get("/proposals").status_code == 403
    action = f"/proposals/{proposal}/accept"
    assert post_form(coordinator, "/listings", {}, action).status_code == 403
    log_in(client, marketplace.livestock_email)
    assert post_form(client, "/proposals", {}, "/proposals/999/accept").status_code == 404
    assert client.post(f"/proposals/{proposal}/accept").status_code == 400
