"""Browsing the market lists what is still open, as the front page does
(`test_home_open_amounts.py`): a lot of 2,000.5 t with 800 t approved to another farm shows
1.200,5 t, a request of 4,940.5 kg N with 3,740 kg N approved into it shows 1.200,5 kg N, and
a listing fully taken (by approved proposals, or by what was delivered) is not listed, in the
table, in the section's count or on the map (a farmer browsing after an approve-all read the
lots and requests at their full size, taken or not)."""

from __future__ import annotations

import html
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import ReviewStatus, Role
from tests.conftest import log_in, state, statements
from tests.factories import (
    add_delivery,
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    add_user,
)

VIEWER = "derde@example.nl"


def map_amounts(page: str) -> list[float]:
    """The amounts of the map's points (the popups' numbers)."""
    points = json.loads(html.unescape(page.split('data-points="', 1)[1].split('"', 1)[0]))
    return [point["amount"] for point in points]


def taken_and_open_market(app: Flask) -> None:
    """De Terp's lot of 2,000.5 t (800 t approved into Akkerbouw Dronten's request) and De
    Hoeve's of 50 t (all 50 t approved into it): 3,520 + 220 kg N of Dronten's 4,940.5. Het
    Veld's 48 t all weighed into Zuidakker's 211.2 kg N on a proposal no coordinator approved:
    both taken by the delivery alone. Derde Erf browses."""
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        hoeve = add_farm(session, "De Hoeve", skal_number="123403")
        veld = add_farm(session, "Het Veld", skal_number="123404")
        dronten = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        zuid = add_farm(session, "Zuidakker", skal_number="123405")
        add_user(session, VIEWER, Role.ARABLE_FARMER, add_farm(session, "Derde Erf"))
        some = add_lot(session, terp, tonnes=2000.5)
        taken = add_lot(session, hoeve, tonnes=50.0)
        weighed = add_lot(session, veld, tonnes=48.0)
        asked = add_request(session, dronten, 4940.5)
        met = add_request(session, zuid, 48.0 * 4.4)
        run, approved = add_run(session), {"review_status": ReviewStatus.APPROVED}
        add_proposal(session, run, some.id, asked.id, 800.0, **approved)  # 3,520 kg N
        add_proposal(session, run, taken.id, asked.id, 50.0, **approved)  # 220 kg N
        add_delivery(session, add_proposal(session, run, weighed.id, met.id, 48.0))  # 48 t
        session.commit()


def results(client: FlaskClient, query: str) -> str:
    """The browse page below its filter form (whose options name kinds), map and tables."""
    response = client.get(f"/listings?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True).split("</form>", 2)[-1]


def test_browsing_lists_lots_at_their_open_tonnes(app: Flask, client: FlaskClient) -> None:
    taken_and_open_market(app)
    log_in(client, VIEWER)
    page = results(client, "side=lots&lang=nl")
    assert "De Terp" in page
    assert "De Hoeve" not in page and "Het Veld" not in page
    assert re.search(r"Aangeboden mest \(aanbod\) \(1\)", page)
    assert '<td data-label="Open (t)" class="num">1.200,5' in page
    assert "2.000,5" not in page
    assert map_amounts(page) == [pytest.approx(1200.5)]


def test_browsing_lists_requests_at_their_open_kg_n(app: Flask, client: FlaskClient) -> None:
    taken_and_open_market(app)
    log_in(client, VIEWER)
    page = results(client, "side=requests&lang=nl")
    assert "Akkerbouw Dronten" in page and "Zuidakker" not in page
    assert re.search(r"Gevraagde stikstof \(vraag\) \(1\)", page)
    assert '<td data-label="Open (kg N)" class="num">1.200,5' in page
    assert "4.940,5" not in page
    assert map_amounts(page) == [pytest.approx(1200.5)]


def test_the_open_amounts_follow_the_language(app: Flask, client: FlaskClient) -> None:
    taken_and_open_market(app)
    log_in(client, VIEWER)
    page = results(client, "lang=en")
    assert re.search(r"Offered manure \(supply\) \(1\)", page)
    assert re.search(r"Nitrogen wanted \(demand\) \(1\)", page)
    assert '<td data-label="Open (t)" class="num">1,200.5' in page
    assert '<td data-label="Open (kg N)" class="num">1,200.5' in page


def test_the_balances_of_all_hits_are_read_at_once(app: Flask, client: FlaskClient) -> None:
    taken_and_open_market(app)
    log_in(client, VIEWER)
    engine = state(app).session_factory.kw["bind"]

    def queries() -> int:
        with statements(engine) as seen:
            assert client.get("/listings").status_code == 200
        return len(seen)

    before = queries()
    with state(app).session_factory() as session:
        run, approved = add_run(session), {"review_status": ReviewStatus.APPROVED}
        for number in range(5):
            farm = add_farm(session, f"Erf {number}", skal_number=f"12350{number}")
            lot, request = add_lot(session, farm, tonnes=100.0), add_request(session, farm, 900.0)
            add_proposal(session, run, lot.id, request.id, 10.0, **approved)
        session.commit()
    assert queries() == before
