"""Two tabs on one listing's edit form: the save from the older page is refused, not merged.

Each tab is a page of the edit form as it was opened (`opened`); posting it sends what the
page carries, as a browser does, with the fields the farmer changed.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from market.models import Lot, Request
from tests.conftest import hidden_fields, load, post_form
from tests.web.conftest import Market
from tests.web.market_helpers import approved_farmer, lot_ids, request_ids
from tests.web.test_lots import LOT
from tests.web.test_requests import FARM
from tests.web.test_requests import FORM as REQUEST

Fields = dict[str, Any]
LOT_CHANGED = "Deze partij is gewijzigd nadat u deze pagina opende"
REQUEST_CHANGED = "Deze vraag is gewijzigd nadat u deze pagina opende"


def opened(client: FlaskClient, page: str) -> dict[str, object]:
    """The hidden fields of the form at `page` as a tab opened then sends them."""
    return hidden_fields(client.get(page))


def two_tabs(
    client: FlaskClient, edit: str, form: Fields, first: Fields, second: Fields
) -> TestResponse:
    """Open `edit` in two tabs, save `form` with the `first` change from tab 1, then with
    the `second` from tab 2, which still shows the values before tab 1's: its answer."""
    tab_1, tab_2 = opened(client, edit), opened(client, edit)
    assert client.post(edit, data={**tab_1, **form, **first}).status_code == 302
    return client.post(edit, data={**tab_2, **form, **second})


def assert_refused(response: TestResponse, *shown: str) -> None:
    """The stale save answered with the form again (409) showing each of `shown`."""
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert [text for text in shown if text not in page] == []


def lot_edit(app: Flask, client: FlaskClient, marketplace: Market) -> tuple[FlaskClient, int, str]:
    """The livestock farmer logged in, with a new lot of `LOT` (300 t, 4,6 kg N/t): its id and
    the address of its edit form."""
    farmer = approved_farmer(app, client, marketplace.livestock_email)
    post_form(farmer, "/lots/new", LOT)
    lot_id = lot_ids(app, "De Hoeve")[-1]
    return farmer, lot_id, f"/lots/{lot_id}/edit"


def request_edit(
    app: Flask, client: FlaskClient, marketplace: Market
) -> tuple[FlaskClient, int, str]:
    """The arable farmer logged in: the id of its request (2500 kg N, 60 km) and the address
    of its edit form."""
    farmer = approved_farmer(app, client, marketplace.arable_email)
    request_id = request_ids(app, FARM)[0]
    return farmer, request_id, f"/requests/{request_id}/edit"


def test_a_lot_saved_from_an_older_tab_is_refused(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """The newcomer's case: tab 1 lowers the tonnes, tab 2 (still at 300 t) changes only N;
    tab 2 writes nothing, says why and shows the stored values with what it typed."""
    farmer, lot_id, edit = lot_edit(app, client, marketplace)

    stale = two_tabs(farmer, edit, LOT, {"tonnes": "130"}, {"n_kg_per_t": "5,0"})

    assert_refused(
        stale,
        LOT_CHANGED,
        "sla opnieuw op",
        'name="tonnes" type="text" value="130"',
        'name="n_kg_per_t" type="text" value="4,6"',
        "U vulde 5,0 in; het veld toont de nu opgeslagen waarde.",
    )
    lot = load(app, Lot, lot_id)
    assert (lot.tonnes, lot.n_kg_per_t) == (130.0, 4.6)


def test_a_lot_saved_from_the_refused_page_is_written(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """The refused page carries the stored state, so saving it again works."""
    farmer, lot_id, edit = lot_edit(app, client, marketplace)
    refused = two_tabs(farmer, edit, LOT, {"tonnes": "130"}, {"n_kg_per_t": "5,0"})
    again = {**hidden_fields(refused), **LOT, "tonnes": "130", "n_kg_per_t": "5,2"}

    saved = farmer.post(edit, data=again)

    assert saved.status_code == 302
    assert (load(app, Lot, lot_id).tonnes, load(app, Lot, lot_id).n_kg_per_t) == (130.0, 5.2)


def test_a_request_saved_from_an_older_tab_is_refused(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """Tab 1 raises the N wanted, tab 2 (still at the old N) changes the distance: refused."""
    farmer, request_id, edit = request_edit(app, client, marketplace)

    stale = two_tabs(farmer, edit, REQUEST, {"n_kg": "3000"}, {"max_distance_km": "40"})

    assert_refused(
        stale,
        REQUEST_CHANGED,
        'name="n_kg" type="text" value="3000"',
        "U vulde 40 in; het veld toont de nu opgeslagen waarde.",
    )
    request = load(app, Request, request_id)
    assert (request.n_kg, request.max_distance_km) == (3000.0, 60.0)


def test_a_request_saved_from_a_fresh_tab_is_written(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """After the refusal the farmer opens the form again: it carries the state saved by tab
    1, and the change is written over tab 1's, not over the older values."""
    farmer, request_id, edit = request_edit(app, client, marketplace)
    assert_refused(two_tabs(farmer, edit, REQUEST, {"n_kg": "3000"}, {}), REQUEST_CHANGED)

    fresh = {**REQUEST, "n_kg": "3000", "max_distance_km": "40"}
    saved = farmer.post(edit, data={**opened(farmer, edit), **fresh})

    assert saved.status_code == 302
    request = load(app, Request, request_id)
    assert (request.n_kg, request.max_distance_km) == (3000.0, 40.0)
