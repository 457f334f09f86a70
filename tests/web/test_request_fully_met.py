"""A request with no kg N left open (all of it committed or delivered) takes no interest.

Akkerbouw Dronten asks for 4,000 kg N, all of it approved from another farm's lot; De Terp
sees the request on the market without the "I am interested" button, told that the request
is fully met, and a post sent anyway is refused with that sentence and opens no thread. A
request with some N left keeps the button.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from market.models import ReviewStatus, Role, Thread
from tests.conftest import csrf_token, log_in, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

SUPPLIER = "terp@example.nl"
MET = "Deze vraag is volledig vervuld: alle gevraagde stikstof is al toegezegd of geleverd."


def _request(app: Flask, approved_n_kg: float) -> int:
    """Akkerbouw Dronten's 4,000 kg N, of which `approved_n_kg` are approved from Derde Erf."""
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        add_user(session, SUPPLIER, Role.LIVESTOCK_FARMER, terp)
        dronten = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        request = add_request(session, dronten, n_kg=4000.0)
        lot = add_lot(session, add_farm(session, "Derde Erf", skal_number="123403"))
        approved = {"review_status": ReviewStatus.APPROVED, "n_kg": approved_n_kg}
        add_proposal(session, add_run(session), lot.id, request.id, approved_n_kg / 4.4, **approved)
        session.commit()
        return request.id


def _threads(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(Thread)) or 0


def test_a_fully_met_request_shows_no_interest_button_and_refuses_the_post(
    app: Flask, client: FlaskClient
) -> None:
    request = _request(app, 4000.0)
    log_in(client, SUPPLIER)
    page = client.get(f"/market/requests/{request}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ik heb interesse" not in text and MET in text
    posted = client.post(
        f"/market/requests/{request}/interest",
        data={"csrf_token": csrf_token(page), "body": "Nog stikstof nodig?"},
        headers={"Referer": f"/market/requests/{request}"},
    )
    assert posted.status_code == 302
    assert MET in client.get(posted.headers["Location"]).get_data(as_text=True)
    assert _threads(app) == 0


def test_a_request_with_some_left_keeps_the_button(app: Flask, client: FlaskClient) -> None:
    request = _request(app, 2500.0)
    log_in(client, SUPPLIER)
    text = client.get(f"/market/requests/{request}").get_data(as_text=True)
    assert "Ik heb interesse" in text and MET not in text
