"""The pages of issue 11's inputs: a request names its land use and shows its spreading
periods, a lot takes its own outlet cost in Dutch figures, a run its outlet and loads."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import Lot, MatchRun, Request
from tests.conftest import load, log_in, log_out, post_form, state
from tests.web.conftest import Market, marketplace  # noqa: F401 (the web tests' market)
from tests.web.market_helpers import approve_all, lot_ids, request_ids
from tests.web.test_lots import LOT
from tests.web.test_requests import FORM as REQUEST


def farmer(app: Flask, client: FlaskClient, email: str) -> FlaskClient:
    approve_all(app)
    log_in(client, email)
    return client


def test_a_request_names_its_land_and_shows_when_spreading_is_allowed(
    app: Flask,
    client: FlaskClient,
    marketplace: Market,  # noqa: F811
) -> None:
    arable = farmer(app, client, marketplace.arable_email)
    without = {key: value for key, value in REQUEST.items() if key != "land_use"}
    refused = post_form(arable, "/requests/new", without).get_data(as_text=True)
    assert "Grond waarop de mest komt" in refused and 'class="field-error"' in refused
    post_form(arable, "/requests/new", {**REQUEST, "land_use": "arable_clay_peat"})
    request_id = request_ids(app, marketplace.arable_farm)[-1]
    assert load(app, Request, request_id).land_use == "arable_clay_peat"
    page = arable.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Bouwland op klei- of veengrond" in page
    assert "Drijfmest: 16 maart – 31 juli" in page and "Vaste mest: het hele jaar" in page
    # only the classes of the kinds it accepts (slurry, champost), and why one period holds
    assert "Compost en overige organische meststoffen" not in page
    assert "Plaats per soort mest een eigen vraag" in page
    log_out(arable)
    log_in(arable, marketplace.livestock_email)
    market = arable.get(f"/market/requests/{request_id}").get_data(as_text=True)
    assert "Bouwland op klei- of veengrond" in market


def test_a_lot_takes_its_outlet_in_dutch_figures(
    app: Flask,
    client: FlaskClient,
    marketplace: Market,  # noqa: F811
) -> None:
    livestock = farmer(app, client, marketplace.livestock_email)
    post_form(livestock, "/lots/new", {**LOT, "outlet_eur_per_t": "16,5"})
    lot_id = lot_ids(app, marketplace.livestock_farm)[-1]
    assert load(app, Lot, lot_id).outlet_eur_per_t == 16.5
    page = livestock.get(f"/lots/{lot_id}").get_data(as_text=True)
    assert "Kosten van de andere afzet" in page and "16,50" in page


def test_a_run_starts_with_an_outlet_and_whole_loads(
    app: Flask,
    client: FlaskClient,
    marketplace: Market,  # noqa: F811
) -> None:
    coordinator = farmer(app, client, marketplace.coordinator_email)
    assert "Hele vrachten" in coordinator.get("/review").get_data(as_text=True)
    form: dict[str, object] = {"outlet_eur_per_t": "2,5", "loads": "y", "eur_per_load": "1.000"}
    post_form(coordinator, "/review/runs", form)
    with state(app).session_factory() as session:
        [run] = session.scalars(select(MatchRun)).all()
        assert run.scope["outlet_eur_per_t"] == 2.5
        assert run.scope["loads"] == {"eur_per_load": 1000.0, "eur_per_load_km": 4.5}
