"""Interest in a listing beyond the road distance any deal may travel is refused at once,
not first at the offer.

De Terp lies by Zwolle; Zuid-Limburg Erf by Maastricht, 187 km as the crow flies: 243 km by
road (× 1,3), beyond the policy's 150 km. Zuid-Limburg Erf looks at De Terp's lot and De
Terp at Zuid-Limburg Erf's request: the market page names the distance and the limit instead
of the "I am interested" form, and a post sent anyway is refused with that sentence and
opens no thread. A lot's own limit counts too; a supplier with an open lot stored near the
request may show interest in it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from market.models import Farm, Role, Thread
from tests.conftest import csrf_token, log_in, state
from tests.factories import add_farm, add_lot, add_request, add_user

TERP, ZUID = "terp@example.nl", "zuid@example.nl"
BUTTON = "Ik heb interesse"
LOT_TOO_FAR = "De partij ligt 243 km over de weg van uw bedrijf, verder dan de toegestane 150 km."
REQUEST_TOO_FAR = (
    "Het bedrijf van de vraag ligt 243 km over de weg van uw bedrijf en uw partijen, verder"
    " dan de toegestane 150 km."
)


def _market(app: Flask, **lot: Any) -> tuple[int, int]:
    """(De Terp's lot, Zuid-Limburg Erf's request), with the lot's fields `lot`."""
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        zuid = add_farm(session, "Zuid-Limburg Erf", skal_number="123402", lat=50.85, lon=5.69)
        add_user(session, TERP, Role.LIVESTOCK_FARMER, terp)
        add_user(session, ZUID, Role.ARABLE_FARMER, zuid)
        lot_id = add_lot(session, terp, **lot).id
        request_id = add_request(session, zuid, max_distance_km=None).id
        session.commit()
        return lot_id, request_id


def _farm_id(app: Flask, name: str) -> int:
    with state(app).session_factory() as session:
        return session.scalars(select(Farm.id).where(Farm.name == name)).one()


def _threads(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(Thread)) or 0


def _refused(client: FlaskClient, address: str, sentence: str) -> None:
    """The page shows `sentence` and no form; a post anyway flashes it."""
    page = client.get(address)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert sentence in text and BUTTON not in text
    posted = client.post(
        f"{address}/interest",
        data={"csrf_token": csrf_token(page), "body": "Rijdt u zo ver?"},
        headers={"Referer": address},
    )
    assert posted.status_code == 302
    assert "/threads/" not in posted.headers["Location"]
    assert sentence in client.get(posted.headers["Location"]).get_data(as_text=True)


def test_interest_in_a_lot_too_far_away_is_refused(app: Flask, client: FlaskClient) -> None:
    lot_id, _ = _market(app)
    log_in(client, ZUID)
    _refused(client, f"/market/lots/{lot_id}", LOT_TOO_FAR)
    assert _threads(app) == 0


def test_interest_in_a_request_too_far_away_is_refused(app: Flask, client: FlaskClient) -> None:
    _, request_id = _market(app)
    log_in(client, TERP)
    address = f"/market/requests/{request_id}"
    _refused(client, address, REQUEST_TOO_FAR)
    assert _threads(app) == 0
    with state(app).session_factory() as session:  # a lot in a store by Maastricht reaches
        add_lot(session, session.get_one(Farm, _farm_id(app, "De Terp")), lat=50.93, lon=5.69)
        session.commit()
    page = client.get(address)
    assert BUTTON in page.get_data(as_text=True)
    posted = client.post(f"{address}/interest", data={"csrf_token": csrf_token(page)})
    assert "/threads/" in posted.headers["Location"]
    assert _threads(app) == 1


def test_the_refusal_speaks_the_page_language(app: Flask, client: FlaskClient) -> None:
    lot_id, _ = _market(app)
    log_in(client, ZUID)
    text = client.get(f"/market/lots/{lot_id}?lang=en").get_data(as_text=True)
    assert "The lot lies 243 km by road from your farm, further than the 150 km allowed." in text


def test_the_lot_s_own_limit_counts(app: Flask, client: FlaskClient) -> None:
    """A lot stored by Maastricht (12 road km away) that goes no further than 10 km."""
    lot_id, _ = _market(app, lat=50.93, lon=5.69, max_distance_km=10.0)
    log_in(client, ZUID)
    sentence = "De partij ligt 12 km over de weg van uw bedrijf, verder dan de toegestane 10 km."
    _refused(client, f"/market/lots/{lot_id}", sentence)
