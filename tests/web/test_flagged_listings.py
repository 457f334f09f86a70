"""The coordinator finds every flagged lot and request, and only the farm and coordinators
see the marks.

De Wende (in conversion) offers slurry stated organic (the `origin_status` flag) and asks
more N than its room (`n_room`); its withdrawn and its ended flagged lots, and its unflagged
lot, are nothing to check. De Eikenhof, another approved farm, browses the market.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import FarmStatus, ListingStatus, Role
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_request, add_user
from tests.web.test_lot_origin_flag import _token

OWNER = "wende@example.nl"
OTHER = "eikenhof@example.nl"
COORDINATOR = "coordinator@example.nl"
#: Any of the listings' marks (`listings/_macros.html`: kind, origin, room, unusual).
MARK = 'class="verdict bad flag"'
ORIGIN_WORDS = "Biologischer dan de certificering van het bedrijf: bewijs van herkomst nodig."
ROOM_WORDS = "Meer N dan de ruimte van het bedrijf voor dierlijke mest"


@dataclass(frozen=True)
class Flagged:
    """The ids of what the fixture put in the database."""

    farm: int
    lot: int
    request: int
    withdrawn: int
    ended: int
    plain: int


@pytest.fixture
def flagged(app: Flask) -> Flagged:
    with state(app).session_factory() as session:
        wende = add_farm(session, "De Wende", status=FarmStatus.CONVERSION, skal_number="123411")
        eikenhof = add_farm(session, "De Eikenhof", skal_number="123412", lat=52.4)
        add_user(session, OWNER, Role.LIVESTOCK_FARMER, wende)
        add_user(session, OTHER, Role.ARABLE_FARMER, eikenhof)
        add_user(session, COORDINATOR, Role.COORDINATOR, None)
        origin = ["origin_status"]
        lot = add_lot(session, wende, tonnes=321.0, flags=origin)
        request = add_request(session, wende, 1234.0, flags=["n_room"], max_distance_km=None)
        withdrawn = add_lot(session, wende, status=ListingStatus.WITHDRAWN, flags=origin)
        past = {"available_from": date(2020, 1, 1), "available_until": date(2020, 2, 1)}
        ended = add_lot(session, wende, tonnes=77.0, flags=origin, **past)
        plain = add_lot(session, wende, origin=FarmStatus.CONVERSION, tonnes=55.0)
        session.commit()
        return Flagged(wende.id, lot.id, request.id, withdrawn.id, ended.id, plain.id)


def _page(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, path
    return answer.get_data(as_text=True)


def _logged_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    log_in(client, email)
    return client


def _farm_row(page: str, farm: str) -> str:
    """The farms overview's row of `farm`."""
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)
    return next(row for row in rows if f">{farm}</a>" in row)


def test_the_coordinator_lists_every_flagged_lot_and_request_in_trade(
    app: Flask, flagged: Flagged
) -> None:
    coordinator = _logged_in(app, COORDINATOR)
    assert 'href="/listings/flagged"' in _page(coordinator, "/")
    page = html.unescape(_page(coordinator, "/listings/flagged"))
    assert f'href="/lots/{flagged.lot}"' in page and "321\xa0t" in page
    assert f'href="/requests/{flagged.request}"' in page and "1.234\xa0kg\xa0N" in page
    assert ORIGIN_WORDS in page and ROOM_WORDS in page
    assert f'href="/farms/{flagged.farm}"' in page
    for lot_id in (flagged.withdrawn, flagged.ended, flagged.plain):
        assert f'href="/lots/{lot_id}"' not in page
    one_farm = _page(coordinator, f"/listings/flagged?farm={flagged.farm}")
    assert f'href="/lots/{flagged.lot}"' in one_farm


def test_the_farms_overview_counts_a_farms_flagged_lots_and_requests(
    app: Flask, flagged: Flagged
) -> None:
    page = html.unescape(_page(_logged_in(app, COORDINATOR), "/farms"))
    row = _farm_row(page, "De Wende")
    assert f'href="/listings/flagged?farm={flagged.farm}"' in row
    assert "1 partij na te gaan, 1 vraag na te gaan" in row
    assert "herkomst, N-ruimte" in row
    assert "–" in _farm_row(page, "De Eikenhof")


@pytest.mark.parametrize("email", [OWNER, OTHER])
def test_a_farmer_may_not_open_the_list(app: Flask, flagged: Flagged, email: str) -> None:
    farmer = _logged_in(app, email)
    assert farmer.get("/listings/flagged").status_code == 403
    assert 'href="/listings/flagged"' not in _page(farmer, "/")


def test_only_the_farm_and_the_coordinator_see_the_marks(app: Flask, flagged: Flagged) -> None:
    """Another farm's market pages, map data and API carry no flag; the farm's and the
    coordinator's pages mark the lot. The map's points never carried flags, and the API
    answers another farm's listing with 404: those stay so."""
    other = _logged_in(app, OTHER)
    market = (f"/market/lots/{flagged.lot}", f"/market/requests/{flagged.request}")
    for path in ("/", "/listings", *market):
        page = _page(other, path)
        assert "321" in page or "1.234" in page, path
        assert MARK not in page and ORIGIN_WORDS not in html.unescape(page), path
    points = re.search(r'data-points="([^"]*)"', _page(other, "/listings"))
    assert points is not None and "321" in points[1] and "flag" not in points[1]
    _no_flags_in_the_api(app, flagged)
    for email in (OWNER, COORDINATOR):
        viewer = _logged_in(app, email)
        for path in ("/", "/listings", market[0]):
            assert MARK in _page(viewer, path), (email, path)


def _no_flags_in_the_api(app: Flask, flagged: Flagged) -> None:
    """Another farm's token reads none of De Wende's listings; the farm's own reads the flag."""
    other, owner = _token(app, OTHER), _token(app, OWNER)
    client = app.test_client()
    assert client.get(f"/api/v1/lots/{flagged.lot}", headers=other).status_code == 404
    assert client.get(f"/api/v1/requests/{flagged.request}", headers=other).status_code == 404
    assert client.get("/api/v1/lots", headers=other).get_json()["items"] == []
    own = client.get(f"/api/v1/lots/{flagged.lot}", headers=owner).get_json()
    assert own["flags"] == ["origin_status"]
