"""A deal's pages speak of the deal, and to the receiving farm of its own farm.

Asking before a coordinator rejects, or a farm declines, a deal's proposal says "deze
afspraak" (a solver run's proposal stays "dit voorstel"). A deal over the receiving farm's
N room is refused in a deal's words (not the approval's), to that farm as its own ("Uw
bedrijf …") and to the supplier as the receiving farm's. A supplier who declines an offer
reads which offer it declined.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, post_form
from tests.web.deal_helpers import (
    COORDINATOR,
    RECEIVER,
    SUPPLIER,
    agreed_deal,
    offer,
    open_thread,
    small_receiver,
)


def test_rejecting_a_deal_asks_about_the_deal(app: Flask, client: FlaskClient) -> None:
    deal = agreed_deal(app, approved=False)
    log_in(client, COORDINATOR)
    page = client.get(f"/review/proposals/{deal.proposal_id}/reject").get_data(as_text=True)
    assert "Deze afspraak afwijzen?" in page and "Een afgewezen afspraak" in page
    assert "Dit voorstel afwijzen?" not in page
    solver = client.get(f"/review/proposals/{deal.solver_proposal_id}/reject")
    assert "Dit voorstel afwijzen?" in solver.get_data(as_text=True)


def test_declining_a_deal_asks_about_the_deal(app: Flask, client: FlaskClient) -> None:
    deal = agreed_deal(app, approved=True)
    log_in(client, RECEIVER)
    page = client.get(f"/proposals/{deal.proposal_id}/decline").get_data(as_text=True)
    assert "Deze afspraak afwijzen?" in page and "de afspraak niet meer accepteren" in page
    solver = client.get(f"/proposals/{deal.solver_proposal_id}/decline")
    assert "Dit voorstel afwijzen?" in solver.get_data(as_text=True)


def test_the_receiving_farm_reads_of_its_own_n_room(app: Flask, client: FlaskClient) -> None:
    lot_id, request_id = small_receiver(app)
    log_in(client, RECEIVER)
    thread = open_thread(client, lot_id)
    # 400 t × 4.4 kg N/t = 1,760 kg N, 60 kg over the 1,700 kg N room
    page = offer(client, thread, request_id, "400")
    assert (
        "Deze afspraak kan niet doorgaan. Uw bedrijf zou dit jaar 60 kg N boven"
        " zijn N-ruimte uitkomen." in page
    )
    assert "De N-ruimte van het ontvangende bedrijf" not in page  # the approval's sentence
    client.get("/login?lang=en")
    english = offer(client, thread, request_id, "400")
    assert (
        "This deal cannot go ahead. Your farm would go 60 kg N over its N room for"
        " this year." in english
    )
    supplier = app.test_client()
    log_in(supplier, SUPPLIER)
    theirs = offer(supplier, thread, request_id, "400")
    assert "Het ontvangende bedrijf zou dit jaar 60 kg N boven" in theirs
    assert "Uw bedrijf" not in theirs


def test_declining_an_offer_says_whichoffer(app: Flask, client: FlaskClient) -> None:
    lot_id, request_id = small_receiver(app)
    log_in(client, RECEIVER)
    thread = open_thread(client, lot_id)
    offer(client, thread, request_id, "20")
    supplier = app.test_client()
    log_in(supplier, SUPPLIER)
    page = supplier.get(f"/threads/{thread}").get_data(as_text=True)
    made = re.search(r"/offers/(\d+)/decline", page).group(1)  # type: ignore[union-attr]
    declined = post_form(supplier, f"/threads/{thread}", {}, f"/offers/{made}/decline")
    shown = supplier.get(declined.headers["Location"]).get_data(as_text=True)
    assert "U hebt het aanbod van 20 t Rundveedrijfmest afgewezen." in shown
