"""Every mail is written in its recipient's language, whoever clicked and in whatever language.

Two farms and two coordinators: De Hoeve has a Dutch farmer (Henk) and an English one (Jane),
Akkerbouw Kampen an English farmer (Alice); one coordinator reads English, one Dutch. Each
action below is taken in a language that differs from some of its recipients', and each
recipient must read subject, words and numbers ("1.234,5" or "1,234.5") in their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import OutboxMessage, Proposal, ReviewStatus, Role, RunPhase, RunStatus, User
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user
from tests.web.test_signup import FORM

HENK, JANE, ALICE = "henk@example.nl", "jane@example.nl", "alice@example.nl"
COORD_EN, COORD_NL = "coordinator-en@example.nl", "coordinator-nl@example.nl"
LANGUAGE = {HENK: "nl", JANE: "en", ALICE: "en", COORD_EN: "en", COORD_NL: "nl"}


@dataclass(frozen=True)
class Market:
    lot_id: int
    request_id: int
    run_id: int
    proposal_id: int


@pytest.fixture
def market(app: Flask) -> Market:
    """1,234.5 t of De Hoeve's cattle slurry proposed to Akkerbouw Kampen, not yet reviewed."""
    with state(app).session_factory() as session:
        hoeve = add_farm(session, "De Hoeve")
        kampen = add_farm(session, "Akkerbouw Kampen", lat=52.56, lon=5.91)
        farms = {HENK: hoeve, JANE: hoeve, ALICE: kampen, COORD_EN: None, COORD_NL: None}
        for email, farm in farms.items():
            role = Role.COORDINATOR if farm is None else Role.LIVESTOCK_FARMER
            role = Role.ARABLE_FARMER if farm is kampen else role
            add_user(session, email, role, farm).locale = LANGUAGE[email]
        lot = add_lot(session, hoeve, tonnes=2000.0, available_from=date(2026, 1, 1))
        wanted = add_request(
            session, kampen, 20000.0, max_distance_km=None, wanted_from=date(2026, 1, 1)
        )
        run = add_run(
            session, status=RunStatus.SOLVED, phase=RunPhase.DONE, finished_at=datetime.now(UTC)
        )
        proposal = add_proposal(session, run, lot.id, wanted.id, 1234.5)
        session.commit()
        return Market(lot.id, wanted.id, run.id, proposal.id)


def outbox(app: Flask) -> dict[str, OutboxMessage]:
    """The queued mails by recipient (each test's actions mail each account at most once);
    emptied, so the next action's mails stand alone."""
    with state(app).session_factory() as session:
        rows = list(session.scalars(select(OutboxMessage)))
        for row in rows:
            session.delete(row)
        session.commit()
    by_recipient = {row.recipient: row for row in rows}
    assert len(by_recipient) == len(rows), [row.recipient for row in rows]
    return by_recipient


def client_for(app: Flask, email: str, lang: str | None = None) -> FlaskClient:
    """`email` logged in; with `lang`, the session is switched to it as `?lang=` does."""
    client = app.test_client()
    log_in(client, email)
    if lang is not None:
        client.get(f"/?lang={lang}")
    return client


def test_an_approval_in_english_reaches_each_farmer_in_their_language(
    app: Flask, market: Market
) -> None:
    coordinator = client_for(app, COORD_NL, lang="en")
    page = f"/review/runs/{market.run_id}"
    post_form(coordinator, page, {}, f"/review/proposals/{market.proposal_id}/approve")
    sent = outbox(app)
    assert set(sent) == {HENK, JANE, ALICE}
    assert sent[HENK].subject == "Een mestmatch-voorstel voor u"
    assert sent[JANE].subject == sent[ALICE].subject == "A mestmatch proposal for you"
    assert {email: row.language for email, row in sent.items()} == {
        email: LANGUAGE[email] for email in sent
    }


def test_an_answer_in_english_reaches_a_dutch_farmer_in_dutch_with_dutch_numbers(
    app: Flask, market: Market
) -> None:
    with state(app).session_factory() as session:
        session.get_one(Proposal, market.proposal_id).review_status = ReviewStatus.APPROVED
        session.commit()
    alice = client_for(app, ALICE)
    accepted = post_form(alice, "/proposals", {}, f"/proposals/{market.proposal_id}/accept")
    assert accepted.status_code == 302
    sent = outbox(app)
    assert set(sent) == {HENK, JANE}
    assert sent[HENK].subject == "Antwoord op een mestmatch-voorstel"
    assert sent[HENK].body.startswith(
        "Akkerbouw Kampen accepteerde het voorstel van 1.234,5 t Rundveedrijfmest."
    )
    assert sent[JANE].subject == "Answer to a mestmatch proposal"
    assert sent[JANE].body.startswith(
        "Akkerbouw Kampen accepted the proposal of 1,234.5 t Cattle slurry."
    )


def test_a_deal_agreed_in_dutch_reaches_the_english_coordinator_in_english(
    app: Flask, market: Market
) -> None:
    alice = client_for(app, ALICE)  # no switch: her account's English
    lot = market.lot_id
    shown = post_form(alice, f"/market/lots/{lot}", {"body": "Hi"}, f"/market/lots/{lot}/interest")
    thread = int(re.search(r"/threads/(\d+)", shown.headers["Location"]).group(1))  # type: ignore[union-attr]
    interested = outbox(app)
    assert interested[HENK].subject == "Een bericht van Akkerbouw Kampen"
    assert interested[JANE].subject == "A message from Akkerbouw Kampen"
    offer: dict[str, object] = {
        "listing_id": str(market.request_id),
        "tonnes": "120",
        "price_eur_per_t": "4.50",
    }
    made = post_form(alice, f"/threads/{thread}", offer, f"/threads/{thread}")
    assert made.status_code == 302, made.get_data(as_text=True)
    offered = outbox(app)
    assert offered[HENK].subject == "Een voorgestelde afspraak op mestmatch"
    assert offered[JANE].subject == "A deal offered on mestmatch"
    henk = client_for(app, HENK)
    page = henk.get(f"/threads/{thread}").get_data(as_text=True)
    offer_id = re.search(r"/offers/(\d+)/agree", page).group(1)  # type: ignore[union-attr]
    assert post_form(henk, f"/threads/{thread}", {}, f"/offers/{offer_id}/agree").status_code == 302
    sent = outbox(app)
    assert set(sent) == {ALICE, COORD_EN, COORD_NL}
    assert sent[ALICE].subject == "Your offer was agreed"
    assert "120 t Cattle slurry, the receiver pays €4.50 per tonne" in sent[ALICE].body
    assert sent[COORD_EN].subject == "A deal waits for your confirmation"
    assert sent[COORD_EN].body.startswith("De Hoeve and Akkerbouw Kampen agreed a deal")
    assert sent[COORD_NL].subject == "Een afspraak wacht op uw bevestiging"
    assert "120 t Rundveedrijfmest, de ontvanger betaalt €\xa04,50 per ton" in sent[COORD_NL].body


def test_a_sign_up_in_english_keeps_english_for_the_account_and_its_mail(app: Flask) -> None:
    client = app.test_client()
    client.get("/signup?lang=en")
    english = {**FORM, "lat": "52.98", "lon": "6.70"}  # numbers as English writes them
    assert post_form(client, "/signup", english).status_code == 302
    sent = outbox(app)
    assert sent["nieuw@example.nl"].subject == "Finish signing up for mestmatch"
    with state(app).session_factory() as session:
        user = session.scalars(select(User).where(User.email == "nieuw@example.nl")).one()
        assert user.locale == "en"


def test_a_deal_at_a_negative_price_says_the_supplier_pays(app: Flask, market: Market) -> None:
    """A negative price is the supplier paying the receiver, in the mail and on the thread
    in the same words."""
    alice = client_for(app, ALICE)
    lot = market.lot_id
    shown = post_form(alice, f"/market/lots/{lot}", {"body": "Hi"}, f"/market/lots/{lot}/interest")
    thread = int(re.search(r"/threads/(\d+)", shown.headers["Location"]).group(1))  # type: ignore[union-attr]
    outbox(app)  # the interest's own mails
    offer = {"listing_id": str(market.request_id), "tonnes": "120", "price_eur_per_t": "-4.50"}
    made = post_form(alice, f"/threads/{thread}", offer, f"/threads/{thread}")
    assert made.status_code == 302, made.get_data(as_text=True)
    assert "120 t Rundveedrijfmest, de leverancier betaalt €\xa04,50 per ton" in (
        outbox(app)[HENK].body
    )
    page = client_for(app, HENK).get(f"/threads/{thread}").get_data(as_text=True)
    assert "de leverancier betaalt €\xa04,50 per ton" in page
