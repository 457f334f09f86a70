"""A new user's findings on the delivery pages, each with the figures of the report.

A coordinator's reason booked 100,000 t on a 333.4 t proposal; 0.0001 t was a weighing; the
form prefilled a tenth (one click booked 900.05 t of 900) and the list showed "500,2"; a
refusal wrote "1035 t" beside pages that write "1.035 t"; a form sent again with another
tonnage answered with the first delivery; the transport export of an empty year was a 404.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from market.models import Delivery, FarmerResponse, ReviewStatus
from market.proposals.services.balance import lot_balance
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run
from tests.web.test_deliveries import DELIVERY

AGREED = {
    "review_status": ReviewStatus.APPROVED,
    "supplier_response": FarmerResponse.ACCEPTED,
    "receiver_response": FarmerResponse.ACCEPTED,
}
KEY = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')


def agreed(app: Flask, tonnes: float = 120.0) -> int:
    """An agreed proposal of De Hoeve's 1,250 t of cattle slurry (4.4 kg N/t) to Akkerbouw
    Zeeland's request for 4,000 kg N."""
    return add_solved_run(app, tonnes, **AGREED)[1]


def deliveries(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(Delivery)) or 0


def test_a_coordinator_s_reason_books_no_more_than_the_lot_and_the_request_hold(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """100,000 t once went onto a 1,200 t lot with a coordinator's reason. The reason lifts
    the proposal's 10 % only: the lot (1,250 t + 10 % = 1,375 t) and the request (4,000 kg N
    + 10 % = 4,400 kg N) still bound what is booked, and the reason shows on the delivery."""
    proposal = agreed(app)
    log_in(client, marketplace.coordinator_email)
    page = f"/deliveries/new/{proposal}"
    excess = {**DELIVERY, "n_kg_per_t": "", "excess_reason": "Weegbrug nageijkt"}
    too_much = post_form(client, page, {**excess, "weighed_tonnes": "100000"})
    assert too_much.status_code == 400
    assert (
        "De leveringen uit deze partij zouden samen 100.000 t worden, meer dan de 1.375 t"
        in too_much.get_data(as_text=True)
    )
    too_rich = post_form(client, page, {**excess, "weighed_tonnes": "1100"})  # 4,840 kg N
    assert too_rich.status_code == 400
    assert "samen 4.840 kg N worden, meer dan de 4.400 kg N" in too_rich.get_data(as_text=True)
    assert deliveries(app) == 0
    booked = post_form(client, page, {**excess, "weighed_tonnes": "900"})  # 3,960 kg N
    assert booked.status_code == 302
    shown = client.get(booked.headers["Location"]).get_data(as_text=True)
    assert "Weegbrug nageijkt" in shown
    with state(app).session_factory() as session:
        row = session.scalars(select(Delivery)).one()
        assert row.lot is not None and lot_balance(session, row.lot).delivered == 900


def test_a_weighing_below_a_weighbridge_s_scale_interval_is_refused(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    proposal = agreed(app)
    log_in(client, marketplace.arable_email)
    page = f"/deliveries/new/{proposal}"
    refused = post_form(client, page, {**DELIVERY, "weighed_tonnes": "0,0001"})
    assert refused.status_code == 400
    assert "Moet minstens 0,01 t zijn" in refused.get_data(as_text=True)
    assert post_form(client, page, {**DELIVERY, "weighed_tonnes": "0,01"}).status_code == 302


def test_the_open_tonnes_and_the_weighed_ones_are_shown_to_the_kilogram(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """After 500,25 t of a 900 t proposal the form offered 399,8 (900,05 t in all) and the
    list said 500,2."""
    proposal = agreed(app, 900.0)
    log_in(client, marketplace.arable_email)
    page = f"/deliveries/new/{proposal}"
    assert post_form(client, page, {**DELIVERY, "weighed_tonnes": "500,25"}).status_code == 302
    form = client.get(page).get_data(as_text=True)
    assert 'name="weighed_tonnes" type="text" value="399,75"' in form
    assert "Al geleverd op dit voorstel: 500,25 t van 900 t." in form
    assert "samen 990 t." in form
    listed = client.get("/deliveries").get_data(as_text=True)
    assert '<td data-label="Ton" class="num">500,25</td>' in listed


def test_a_refusal_writes_its_tonnes_as_the_page_does(
    client: FlaskClient, app: Flask, marketplace: Market
) -> None:
    proposal = agreed(app)
    log_in(client, marketplace.arable_email)
    page = f"/deliveries/new/{proposal}"
    refused = post_form(client, page, {**DELIVERY, "weighed_tonnes": "1035"})
    assert "samen 1.035 t worden, meer dan de toegestane 132 t" in refused.get_data(as_text=True)
    client.get("/?lang=en")
    english = post_form(client, page, {**DELIVERY, "weighed_tonnes": "1035.5"})
    assert "would come to 1,035.5 t, more than the 132 t" in english.get_data(as_text=True)


def test_a_form_sent_again_with_other_figures_is_refused_not_answered_with_the_first(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    proposal = agreed(app)
    log_in(client, marketplace.arable_email)
    page = f"/deliveries/new/{proposal}"
    found = KEY.search(client.get(page).get_data(as_text=True))
    assert found is not None
    keyed = {**DELIVERY, "submission_key": found.group(1)}
    first = post_form(client, page, keyed)
    assert first.status_code == 302
    again = post_form(client, page, keyed)  # the same form once more: the same delivery
    assert again.headers["Location"] == first.headers["Location"]
    other = post_form(client, page, {**keyed, "weighed_tonnes": "50"})
    assert other.status_code == 400
    text = other.get_data(as_text=True)
    assert "Dit formulier is al verstuurd en vastgelegd met andere cijfers" in text
    assert "118,4 t" in text
    assert deliveries(app) == 1


@pytest.mark.parametrize("year", [2010, 2100])
def test_the_transport_export_of_a_year_without_deliveries_is_empty(
    client: FlaskClient, marketplace: Market, year: int
) -> None:
    log_in(client, marketplace.livestock_email)
    answer = client.get(f"/deliveries/transport/{year}.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    text = answer.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 and rows[0][0] == "Levering"
    document = client.get(f"/deliveries/transport/{year}.json").get_json(force=True)
    assert document == {"year": year, "items": []}


def test_a_transport_year_outside_the_ledger_s_years_is_not_found(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    for year in (1999, 2101):
        assert client.get(f"/deliveries/transport/{year}.csv").status_code == 404
