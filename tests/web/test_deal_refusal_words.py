"""A deal the rules refuse is refused in the farms' words, not the coordinator's.

De Terp offers 500 t of cattle slurry (4.4 kg N/t); Akkerbouw Dronten (10 ha beside it: an
N room of 1,700 kg) asks for 40,000 kg N. The checks are the approval's (`check_deal`), the
sentences say that the deal cannot go ahead and why, in a deal's terms; a coordinator
approving a proposal still reads the approval's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.core.clock import today
from market.models import ReviewStatus, Role
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

SUPPLIER = "terp@example.nl"
RECEIVER = "dronten@example.nl"


@dataclass(frozen=True)
class Deal:
    lot_id: int
    request_id: int


@pytest.fixture
def deal(app: Flask) -> Deal:
    """The two farms, their lot and request, open from New Year at any distance."""
    year = date(today(state(app).settings).year, 1, 1)
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        dronten = add_farm(session, "Akkerbouw Dronten", area_ha=10.0, skal_number="123402")
        add_user(session, SUPPLIER, Role.LIVESTOCK_FARMER, terp)
        add_user(session, RECEIVER, Role.ARABLE_FARMER, dronten)
        lot = add_lot(session, terp, tonnes=500.0, available_from=year)
        request = add_request(session, dronten, 40_000.0, wanted_from=year, max_distance_km=None)
        session.commit()
        return Deal(lot.id, request.id)


def _thread(client: FlaskClient, lot_id: int) -> int:
    """The receiver's thread about the lot ("I am interested")."""
    url = f"/market/lots/{lot_id}"
    started = post_form(client, url, {"body": ""}, action=f"{url}/interest")
    assert started.status_code == 302, started.get_data(as_text=True)
    return int(started.headers["Location"].rsplit("/", 1)[1])


def _offer(client: FlaskClient, thread: int, request_id: int, tonnes: str) -> str:
    """The thread's page after offering `tonnes` t for the request."""
    url = f"/threads/{thread}"
    form: dict[str, object] = {
        "listing_id": str(request_id),
        "tonnes": tonnes,
        "price_eur_per_t": "",
    }
    return post_form(client, url, form, url).get_data(as_text=True)


def test_an_offer_over_the_receivers_n_room_is_refused_as_a_deal(
    client: FlaskClient, deal: Deal
) -> None:
    log_in(client, RECEIVER)
    thread = _thread(client, deal.lot_id)
    # 400 t × 4.4 kg N/t = 1,760 kg N, 60 kg over the 1,700 kg N room
    page = _offer(client, thread, deal.request_id, "400")
    assert (
        "Deze afspraak kan niet doorgaan. Uw bedrijf zou dit jaar 60 kg N boven"
        " zijn N-ruimte uitkomen." in page
    )
    assert "De N-ruimte van het ontvangende bedrijf" not in page  # the approval's sentence
    client.get("/login?lang=en")
    english = _offer(client, thread, deal.request_id, "400")
    assert (
        "This deal cannot go ahead. Your farm would go 60 kg N over its N room for"
        " this year." in english
    )


def test_agreeing_to_more_than_the_lot_has_open_says_so_as_a_deal(
    app: Flask, client: FlaskClient, deal: Deal
) -> None:
    log_in(client, RECEIVER)
    thread = _thread(client, deal.lot_id)
    assert "Afspraak kan niet" not in _offer(client, thread, deal.request_id, "100")
    with state(app).session_factory() as session:  # a run's approved 450 t leave 50 t open
        run = add_run(session)
        other = add_request(session, add_farm(session, "Derde Erf"), wanted_from=date(2026, 1, 1))
        add_proposal(
            session, run, deal.lot_id, other.id, 450.0, review_status=ReviewStatus.APPROVED
        )
        session.commit()
    owner = app.test_client()
    log_in(owner, SUPPLIER)
    page = owner.get(f"/threads/{thread}").get_data(as_text=True)
    offer_id = re.search(r"/offers/(\d+)/agree", page).group(1)  # type: ignore[union-attr]
    agreed = post_form(owner, f"/threads/{thread}", {}, f"/offers/{offer_id}/agree")
    shown = owner.get(agreed.headers["Location"]).get_data(as_text=True)
    assert (
        "Deze afspraak kan niet doorgaan. Van de partij is nog maar 50 t open; de afspraak"
        " neemt 100 t." in shown
    )
    assert "worden goedgekeurd" not in shown and "dit voorstel" not in shown
