"""The market view of a listing, interest threads between farms, deals that become proposals,
and the farmer's dashboard on My listings."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import (
    Farm,
    FarmerResponse,
    FarmStatus,
    OutboxMessage,
    Proposal,
    ReviewStatus,
    Role,
    Thread,
)
from tests.conftest import log_in, log_out, post_form, state
from tests.factories import add_farm, add_user, farm_today, out_of_season
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids, request_ids
from tests.web.review_helpers import add_solved_run
from tests.web.test_deliveries import DELIVERY

ADDRESS = "Dorpsstraat 7, Ede"


def _market(app: Flask) -> tuple[int, int]:
    """Approved farms; De Hoeve's address set; (De Hoeve's first lot, Akkerbouw's request)."""
    approve_all(app)
    with state(app).session_factory() as session:
        farm = session.scalars(select(Farm).where(Farm.name == "De Hoeve")).one()
        farm.address = ADDRESS
        akker = session.scalars(select(Farm).where(Farm.name == "Akkerbouw Zeeland")).one()
        akker.lat, akker.lon = 51.5, 4.1  # Tholen: 138 km by road, within the 150 km limit
        session.commit()
    return lot_ids(app, "De Hoeve")[0], request_ids(app, "Akkerbouw Zeeland")[0]


def _stranger(app: Flask, approved: bool = True) -> FlaskClient:
    with state(app).session_factory() as session:
        farm = add_farm(session, "Derde Hof", "Utrecht", FarmStatus.ORGANIC, approved=approved)
        add_user(session, "derde@example.nl", Role.ARABLE_FARMER, farm)
        session.commit()
    other = app.test_client()
    log_in(other, "derde@example.nl")
    return other


def _interest(client: FlaskClient, lot: int, body: str) -> int:
    response = post_form(
        client, f"/market/lots/{lot}", {"body": body}, action=f"/market/lots/{lot}/interest"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/threads/(\d+)", response.headers["Location"]).group(1))  # type: ignore[union-attr]


def test_another_approved_farm_sees_the_market_view_without_the_address(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    lot, request = _market(app)
    log_in(client, marketplace.arable_email)
    page = client.get(f"/market/lots/{lot}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Gelderland" in text and "De Hoeve" in text and "Ik heb interesse" in text
    assert ADDRESS not in text and "52,1" not in text and "5,3" not in text
    assert "1.250" in text  # open tonnes
    assert client.get(f"/lots/{lot}").status_code == 404  # the farm-only page stays closed
    browse = client.get("/listings").get_data(as_text=True)
    assert f"/market/lots/{lot}" in browse
    log_out(client)
    log_in(client, marketplace.livestock_email)
    assert client.get(f"/market/requests/{request}").status_code == 200


def test_the_market_view_is_404_for_visitors_and_unapproved_farms(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    lot, request = lot_ids(app, "De Hoeve")[0], request_ids(app, "Akkerbouw Zeeland")[0]
    assert client.get(f"/market/lots/{lot}").status_code == 404
    log_in(client, marketplace.arable_email)  # the farms are not approved yet
    assert client.get(f"/market/lots/{lot}").status_code == 404
    assert client.get(f"/market/requests/{request}").status_code == 404


def test_a_thread_is_for_its_two_farms_and_mails_the_other(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    lot, _ = _market(app)
    log_in(client, marketplace.arable_email)
    thread = _interest(client, lot, "<script>alert(1)</script> Hebt u nog 100 t?")
    page = client.get(f"/threads/{thread}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hebt u nog 100 t?" in page
    assert "<script>alert(1)" not in page
    with state(app).session_factory() as session:
        mail = session.scalars(select(OutboxMessage)).one()
        assert mail.recipient == marketplace.livestock_email
        assert "Hebt u nog 100 t?" in mail.body and f"/threads/{thread}" in mail.body
    owner = app.test_client()
    log_in(owner, marketplace.livestock_email)
    answer = post_form(owner, f"/threads/{thread}", {"form_name": "message", "body": "Ja, zeker."})
    assert answer.status_code == 302
    assert "Ja, zeker." in client.get(f"/threads/{thread}").get_data(as_text=True)
    too_long = post_form(owner, f"/threads/{thread}", {"form_name": "message", "body": "x" * 2001})
    assert too_long.status_code == 400
    assert _stranger(app).get(f"/threads/{thread}").status_code == 404
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    assert "Ja, zeker." in coordinator.get(f"/threads/{thread}").get_data(as_text=True)
    assert f"/threads/{thread}" in coordinator.get("/threads").get_data(as_text=True)


def test_a_deal_becomes_a_proposal_the_coordinator_confirms_and_the_farms_deliver(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    lot, request = _market(app)
    log_in(client, marketplace.arable_email)
    thread = _interest(client, lot, "Interesse in 120 t.")
    offered = post_form(
        client,
        f"/threads/{thread}",
        {"listing_id": str(request), "tonnes": "120", "price_eur_per_t": "4,50"},
        f"/threads/{thread}",
    )
    assert offered.status_code == 302, offered.get_data(as_text=True)
    owner = app.test_client()
    log_in(owner, marketplace.livestock_email)
    page = owner.get(f"/threads/{thread}").get_data(as_text=True)
    assert "4,50" in page and ADDRESS not in page
    assert "Vraag of aanbod" in page  # the offer form's field ("Aanbieding" read as "Aanbod")
    offer_id = int(re.search(r"/offers/(\d+)/agree", page).group(1))  # type: ignore[union-attr]
    agreed = post_form(owner, f"/threads/{thread}", {}, f"/offers/{offer_id}/agree")
    assert agreed.status_code == 302
    assert ADDRESS in owner.get(f"/threads/{thread}").get_data(as_text=True)
    with state(app).session_factory() as session:
        proposal = session.scalars(select(Proposal)).one()
        assert proposal.review_status is ReviewStatus.PROPOSED
        assert (proposal.tonnes, proposal.price_eur_per_t) == (120.0, 4.5)
        policy = state(app).settings.policy
        assert proposal.n_kg == 120 * 4.4  # the standard figure of cattle slurry in the fixture
        assert proposal.distance_km > 100
        expected = policy["transport_eur_per_t_km"] * proposal.distance_km * 120
        assert abs(proposal.cost_eur - expected) < 1e-6
        assert proposal.run.stats == {"source": "deal", "thread_id": thread, "offer_id": offer_id}
        proposal_id, run_id = proposal.id, proposal.run_id
        recipients = {m.recipient for m in session.scalars(select(OutboxMessage))}
        assert marketplace.coordinator_email in recipients
    coordinator = app.test_client()
    log_in(coordinator, marketplace.coordinator_email)
    review = coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    # what the coordinator approves
    assert "(Afgesproken: de ontvanger betaalt €\xa04,50 per ton)" in review
    threads = coordinator.get(f"/threads?proposal={proposal_id}").get_data(as_text=True)
    assert f"/threads/{thread}" in threads
    approved = post_form(
        coordinator, f"/review/runs/{run_id}", {}, f"/review/proposals/{proposal_id}/approve"
    )
    assert approved.status_code == 302
    answers = owner.get("/proposals").get_data(as_text=True)  # where both farms accept it
    assert "Afgesproken: de ontvanger betaalt €\xa04,50 per ton" in answers
    for farmer in (client, owner):
        assert (
            post_form(farmer, "/proposals", {}, f"/proposals/{proposal_id}/accept").status_code
            == 302
        )
    with state(app).session_factory() as session:
        row = session.get_one(Proposal, proposal_id)
        assert row.review_status is ReviewStatus.APPROVED
        assert row.supplier_response is row.receiver_response is FarmerResponse.ACCEPTED
        stored = out_of_season(row, farm_today())
    today = {**DELIVERY, "delivered_on": farm_today().isoformat()}
    if stored:
        today["confirm_outside_window"] = "y"  # out of season: stored until spreading
    booked = post_form(client, f"/deliveries/new/{proposal_id}", today)
    assert booked.status_code == 302, booked.get_data(as_text=True)
    delivery = int(booked.headers["Location"].rsplit("/", 1)[1])
    assert client.get(f"/deliveries/{delivery}/declaration.pdf").status_code == 200
    mine = owner.get("/listings/mine").get_data(as_text=True)
    assert "Akkerbouw Zeeland" in mine and "4,50" in mine


def test_a_thread_on_my_own_listing_is_refused(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    lot, _ = _market(app)
    log_in(client, marketplace.livestock_email)
    response = post_form(
        client, f"/market/lots/{lot}", {"body": ""}, f"/market/lots/{lot}/interest"
    )
    assert response.status_code == 302
    with state(app).session_factory() as session:
        assert session.scalars(select(Thread)).first() is None


def test_my_listings_say_why_a_lot_stayed_unplaced_and_show_its_proposals(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    _, proposal_id = add_solved_run(app, review_status=ReviewStatus.APPROVED)
    log_in(client, marketplace.livestock_email)
    page = client.get("/listings/mine").get_data(as_text=True)
    assert "Wat er met mijn aanbod en vraag gebeurde" in page
    assert "0 t geplaatst, 80 t over." in page
    assert "Meststof van categorie C mag niet op biologische bedrijven worden gebruikt." in page
    assert "Akkerbouw Zeeland (Zeeland)" in page and "37 km" in page
    assert f"/proposals/{proposal_id}/decline" in page
