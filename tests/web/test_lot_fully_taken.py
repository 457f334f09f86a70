"""A lot with nothing open (all of it committed or delivered) takes no interest.

De Terp's lot of 100 t is all approved to another farm; Akkerbouw Dronten sees it on the
market without the "I am interested" button, told that the lot is fully taken, and a post
sent anyway is refused with that sentence and opens no thread. A lot with some left keeps
the button.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from market.models import ReviewStatus, Role, Thread
from tests.conftest import csrf_token, log_in, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

RECEIVER = "dronten@example.nl"
TAKEN = "Deze partij is volledig vergeven: alles is al toegezegd of geleverd."


def _lot(app: Flask, approved_tonnes: float) -> int:
    """De Terp's 100 t, of which `approved_tonnes` are approved to Derde Erf."""
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        dronten = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        add_user(session, RECEIVER, Role.ARABLE_FARMER, dronten)
        lot = add_lot(session, terp, tonnes=100.0)
        request = add_request(session, add_farm(session, "Derde Erf", skal_number="123403"))
        approved = {"review_status": ReviewStatus.APPROVED}
        add_proposal(session, add_run(session), lot.id, request.id, approved_tonnes, **approved)
        session.commit()
        return lot.id


def _threads(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(Thread)) or 0


def test_a_fully_taken_lot_shows_no_interest_button_and_refuses_the_post(
    app: Flask, client: FlaskClient
) -> None:
    lot = _lot(app, 100.0)
    log_in(client, RECEIVER)
    page = client.get(f"/market/lots/{lot}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ik heb interesse" not in text and TAKEN in text
    posted = client.post(
        f"/market/lots/{lot}/interest",
        data={"csrf_token": csrf_token(page), "body": "Nog iets over?"},
        headers={"Referer": f"/market/lots/{lot}"},
    )
    assert posted.status_code == 302
    assert TAKEN in client.get(posted.headers["Location"]).get_data(as_text=True)
    assert _threads(app) == 0


def test_a_lot_with_some_left_keeps_the_button(app: Flask, client: FlaskClient) -> None:
    lot = _lot(app, 60.0)
    log_in(client, RECEIVER)
    text = client.get(f"/market/lots/{lot}").get_data(as_text=True)
    assert "Ik heb interesse" in text and TAKEN not in text
