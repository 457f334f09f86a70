"""A thread's message form posts to the thread's own address, as its deal form does: a
refused message shows the thread with the error at the thread's URL (a reload or a bookmark
opens it), a sent one goes back to it, and a deal sent to the same address is still a deal.

Each post is made the way a browser makes it: to the action of the form on the page, with
that form's hidden fields."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from market.models import DealOffer, ThreadMessage
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids, request_ids

MESSAGE_FORM = re.compile(r'<form class="thread-form"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"')


def thread_of(app: Flask, client: FlaskClient, marketplace: Market) -> str:
    """The address of the arable farm's new thread about De Hoeve's first lot."""
    approve_all(app)
    log_in(client, marketplace.arable_email)
    lot = lot_ids(app, "De Hoeve")[0]
    shown = post_form(client, f"/market/lots/{lot}", {}, f"/market/lots/{lot}/interest")
    return shown.headers["Location"]


def send_message(client: FlaskClient, page: str, body: str) -> TestResponse:
    """Type `body` in the message form of `page` and send it as the browser would."""
    found = MESSAGE_FORM.search(client.get(page).get_data(as_text=True))
    assert found, "the thread has a message form"
    action, fields = found.groups()
    return client.post(action, data={**dict(HIDDEN.findall(fields)), "body": body})


def stored(app: Flask, model: type[ThreadMessage] | type[DealOffer]) -> int:
    with state(app).session_factory() as session:
        return len(session.scalars(select(model)).all())


def test_a_refused_message_shows_the_thread_at_its_own_address(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    thread = thread_of(app, client, marketplace)
    refused = send_message(client, thread, "x" * 2001)
    assert refused.status_code == 400
    assert refused.request.path == thread
    page = refused.get_data(as_text=True)
    assert "Hoogstens 2000 tekens." in page and "x" * 2001 in page  # the error, the text kept
    assert MESSAGE_FORM.search(page).group(1) == thread  # type: ignore[union-attr]
    assert stored(app, ThreadMessage) == 0
    assert client.get(thread).status_code == 200


def test_a_message_and_a_deal_sent_to_the_thread_each_land_as_what_they_are(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    thread = thread_of(app, client, marketplace)
    sent = send_message(client, thread, "Hebt u nog 100 t?")
    assert (sent.status_code, sent.request.path) == (302, thread)
    assert sent.headers["Location"] == f"{thread}#write"
    assert "Hebt u nog 100 t?" in client.get(thread).get_data(as_text=True)
    assert (stored(app, ThreadMessage), stored(app, DealOffer)) == (1, 0)
    wanted = request_ids(app, "Akkerbouw Zeeland")[0]
    deal: dict[str, object] = {"listing_id": str(wanted), "tonnes": "120"}
    made = post_form(client, thread, deal, thread)
    assert made.status_code == 302 and "#offer" in made.headers["Location"]
    assert (stored(app, ThreadMessage), stored(app, DealOffer)) == (1, 1)
