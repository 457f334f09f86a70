"""A thread's title and the deal form's choice of listings speak of what is still open of a
listing, not of what it stated.

De Terp offers 500 t (`deal_helpers.small_receiver`), of which a run's approved 300 t go to
Derde Erf; Akkerbouw Dronten asks 40,000 kg N, of which 10,000 kg N come from Derde Erf's
lot, approved. Dronten shows interest in De Terp's lot: its thread is about 200 t open of
500 t, and the deal form offers Dronten's request at 30,000 kg N open of 40,000.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from market.models import ReviewStatus
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run
from tests.web.deal_helpers import RECEIVER, open_thread, small_receiver

APPROVED = ReviewStatus.APPROVED


def _partly_taken(app: Flask) -> tuple[int, int]:
    lot_id, request_id = small_receiver(app)
    with state(app).session_factory() as session:
        third = add_farm(session, "Derde Erf", skal_number="123403")
        run = add_run(session)
        add_proposal(
            session, run, lot_id, add_request(session, third).id, 300.0, review_status=APPROVED
        )
        other = add_lot(session, third, tonnes=5000.0)
        add_proposal(
            session, run, other.id, request_id, 10_000 / 4.4, review_status=APPROVED, n_kg=10_000.0
        )
        session.commit()
    return lot_id, request_id


def titles(client: FlaskClient, thread: int) -> tuple[str, str, str]:
    """Where a thread's title shows: its page, the list of threads, its page in English."""
    addresses = (f"/threads/{thread}", "/threads", f"/threads/{thread}?lang=en")
    page, listed, english = (client.get(address).get_data(as_text=True) for address in addresses)
    return page, listed, english


def test_the_thread_is_titled_with_what_is_open(app: Flask, client: FlaskClient) -> None:
    lot_id, _ = _partly_taken(app)
    log_in(client, RECEIVER)
    page, listed, english = titles(client, open_thread(client, lot_id))
    assert "nog 200 t open van 500 t" in page and "nog 200 t open van 500 t" in listed
    assert "200 t open of 500 t" in english


def test_the_deal_form_offers_the_request_at_what_is_open(app: Flask, client: FlaskClient) -> None:
    lot_id, request_id = _partly_taken(app)
    log_in(client, RECEIVER)
    page = client.get(f"/threads/{open_thread(client, lot_id)}").get_data(as_text=True)
    option = f'<option value="{request_id}">Vraag: nog 30.000 kg N open van 40.000 kg N</option>'
    assert option in page
