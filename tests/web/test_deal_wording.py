"""A deal's pages speak of the deal, and to the receiving farm of its own farm.

Asking before a coordinator rejects, or a farm declines, a deal's proposal says "deze
afspraak" (a solver run's proposal stays "dit voorstel"). A deal over the receiving farm's
N room is refused to that farm as its own ("Uw bedrijf …") and to the supplier as the
receiving farm's. A supplier who declines an offer reads which offer it declined.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from market.core.clock import today
from market.models import Role
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm, add_lot, add_request, add_user
from tests.web.deal_helpers import COORDINATOR, RECEIVER, SUPPLIER, agreed_deal


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


def _thread(client: FlaskClient, lot_id: int) -> int:
    url = f"/market/lots/{lot_id}"
    started = post_form(client, url, {"body": ""}, action=f"{url}/interest")
    assert started.status_code == 302, started.get_data(as_text=True)
    return int(started.headers["Location"].rsplit("/", 1)[1])


def _offer(client: FlaskClient, thread: int, request_id: int, tonnes: str) -> str:
    form: dict[str, object] = {
        "listing_id": str(request_id),
        "tonnes": tonnes,
        "price_eur_per_t": "",
    }
    answer = post_form(client, f"/threads/{thread}", form)
    if answer.status_code == 302:
        return client.get(answer.headers["Location"]).get_data(as_text=True)
    return answer.get_data(as_text=True)


def _small_farm(app: Flask) -> tuple[int, int]:
    """De Terp's 500 t of cattle slurry (4.4 kg N/t) and a request of Akkerbouw Dronten,
    10 ha: an N room of 1,700 kg."""
    year = date(today(state(app).settings).year, 1, 1)
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        dronten = add_farm(session, "Akkerbouw Dronten", area_ha=10.0, skal_number="123402")
        add_user(session, SUPPLIER, Role.LIVESTOCK_FARMER, terp)
        add_user(session, RECEIVER, Role.ARABLE_FARMER, dronten)
        lot = add_lot(session, terp, tonnes=500.0, available_from=year)
        request = add_request(session, dronten, 40_000.0, wanted_from=year, max_distance_km=None)
        session.commit()
        return lot.id, request.id


def test_the_receiving_farm_reads_of_its_own_n_room(app: Flask, client: FlaskClient) -> None:
    lot_id, request_id = _small_farm(app)
    log_in(client, RECEIVER)
    thread = _thread(client, lot_id)
    # 400 t × 4.4 kg N/t = 1,760 kg N, 60 kg over the 1,700 kg N room
    page = _offer(client, thread, request_id, "400")
    assert "Uw bedrijf zou dit jaar 60 kg N boven zijn N-ruimte uitkomen." in page
    client.get("/login?lang=en")
    english = _offer(client, thread, request_id, "400")
    assert "Your farm would go 60 kg N over its N room for this year." in english
    supplier = app.test_client()
    log_in(supplier, SUPPLIER)
    theirs = _offer(supplier, thread, request_id, "400")
    assert "Het ontvangende bedrijf zou dit jaar 60 kg N boven" in theirs
    assert "Uw bedrijf" not in theirs


def test_declining_an_offer_says_which_offer(app: Flask, client: FlaskClient) -> None:
    lot_id, request_id = _small_farm(app)
    log_in(client, RECEIVER)
    thread = _thread(client, lot_id)
    _offer(client, thread, request_id, "20")
    supplier = app.test_client()
    log_in(supplier, SUPPLIER)
    page = supplier.get(f"/threads/{thread}").get_data(as_text=True)
    offer = re.search(r"/offers/(\d+)/decline", page).group(1)  # type: ignore[union-attr]
    declined = post_form(supplier, f"/threads/{thread}", {}, f"/offers/{offer}/decline")
    shown = supplier.get(declined.headers["Location"]).get_data(as_text=True)
    assert "U hebt het aanbod van 20 t Rundveedrijfmest afgewezen." in shown
