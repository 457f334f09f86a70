"""A listing with nothing left open says so in words, not as "0 t".

De Terp's 500 t (`deal_helpers.small_receiver`) are all approved to Derde Erf after
Akkerbouw Dronten opened a thread about them: the market page's heading and the thread's
title read "niets meer open van 500 t", and a deal Dronten offers anyway is refused because
the lot is fully taken, not because "only 0 t" is open.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from market.models import ReviewStatus
from tests.conftest import log_in, state
from tests.factories import add_farm, add_proposal, add_request, add_run
from tests.web.deal_helpers import RECEIVER, offer, open_thread, small_receiver
from tests.web.test_thread_open_amounts import titles


def _taken_after_the_thread(app: Flask, client: FlaskClient) -> tuple[int, int, int]:
    """(lot, request, thread): the thread opened, then all of the lot approved elsewhere."""
    lot_id, request_id = small_receiver(app)
    log_in(client, RECEIVER)
    thread = open_thread(client, lot_id)
    with state(app).session_factory() as session:
        third = add_request(session, add_farm(session, "Derde Erf", skal_number="123403"))
        add_proposal(
            session,
            add_run(session),
            lot_id,
            third.id,
            500.0,
            review_status=ReviewStatus.APPROVED,
        )
        session.commit()
    return lot_id, request_id, thread


def test_the_titles_say_nothing_is_left(app: Flask, client: FlaskClient) -> None:
    lot_id, _, thread = _taken_after_the_thread(app, client)
    market = client.get(f"/market/lots/{lot_id}").get_data(as_text=True)
    assert "niets meer open van 500 t" in market and " 0 t open" not in market
    page, listed, english = titles(client, thread)
    assert "niets meer open van 500 t" in page and "niets meer open van 500 t" in listed
    assert "nothing left open of 500 t" in english


def test_a_deal_on_a_taken_lot_says_it_is_taken(app: Flask, client: FlaskClient) -> None:
    _, request_id, thread = _taken_after_the_thread(app, client)
    refused = offer(client, thread, request_id, "20")
    assert (
        "Deze afspraak kan niet doorgaan. Deze partij is volledig vergeven: alles is al"
        " toegezegd of geleverd." in refused
    )
    assert "nog maar 0 t" not in refused
