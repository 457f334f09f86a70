"""A listing with nothing open (all of it committed or delivered) takes no interest.

A lot: De Terp's 100 t, approved to Derde Erf; Akkerbouw Dronten looks. A request:
Akkerbouw Dronten's 4,000 kg N, approved from Derde Erf's lot; De Terp looks. Fully taken,
the market page shows no "I am interested" button but says so, and a post sent anyway is
refused with that sentence and opens no thread. A listing with some left keeps the button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.models import Farm, ReviewStatus, Role, Thread
from tests.conftest import csrf_token, log_in, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

APPROVED = ReviewStatus.APPROVED


def _lot(session: Session, terp: Farm, dronten: Farm, third: Farm, tonnes: float) -> int:
    """De Terp's 100 t, of which `tonnes` are approved to Derde Erf."""
    lot = add_lot(session, terp, tonnes=100.0)
    request = add_request(session, third)
    add_proposal(session, add_run(session), lot.id, request.id, tonnes, review_status=APPROVED)
    return lot.id


def _request(session: Session, terp: Farm, dronten: Farm, third: Farm, n_kg: float) -> int:
    """Akkerbouw Dronten's 4,000 kg N, of which `n_kg` are approved from Derde Erf."""
    request = add_request(session, dronten, n_kg=4000.0)
    lot = add_lot(session, third)
    add_proposal(
        session, add_run(session), lot.id, request.id, n_kg / 4.4, review_status=APPROVED, n_kg=n_kg
    )
    return request.id


@dataclass(frozen=True)
class Side:
    path: str  # the market page's address, without the id
    viewer: str  # who looks: the other farm
    role: Role
    make: Callable[[Session, Farm, Farm, Farm, float], int]
    full: float
    some: float
    sentence: str


LOT = Side(
    "lots",
    "dronten@example.nl",
    Role.ARABLE_FARMER,
    _lot,
    100.0,
    60.0,
    "Deze partij is volledig vergeven: alles is al toegezegd of geleverd.",
)
REQUEST = Side(
    "requests",
    "terp@example.nl",
    Role.LIVESTOCK_FARMER,
    _request,
    4000.0,
    2500.0,
    "Deze vraag is volledig vervuld: alle gevraagde stikstof is al toegezegd of geleverd.",
)


def _listing(app: Flask, side: Side, amount: float) -> int:
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        dronten = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        third = add_farm(session, "Derde Erf", skal_number="123403")
        add_user(session, side.viewer, side.role, dronten if side is LOT else terp)
        listing = side.make(session, terp, dronten, third, amount)
        session.commit()
        return listing


def _threads(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(Thread)) or 0


@pytest.mark.parametrize("side", [LOT, REQUEST], ids=["lot", "request"])
def test_a_fully_taken_listing_shows_no_interest_button_and_refuses_the_post(
    app: Flask, client: FlaskClient, side: Side
) -> None:
    address = f"/market/{side.path}/{_listing(app, side, side.full)}"
    log_in(client, side.viewer)
    page = client.get(address)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ik heb interesse" not in text and side.sentence in text
    posted = client.post(
        f"{address}/interest",
        data={"csrf_token": csrf_token(page), "body": "Nog iets over?"},
        headers={"Referer": address},
    )
    assert posted.status_code == 302
    assert side.sentence in client.get(posted.headers["Location"]).get_data(as_text=True)
    assert _threads(app) == 0


@pytest.mark.parametrize("side", [LOT, REQUEST], ids=["lot", "request"])
def test_a_listing_with_some_left_keeps_the_button(
    app: Flask, client: FlaskClient, side: Side
) -> None:
    address = f"/market/{side.path}/{_listing(app, side, side.some)}"
    log_in(client, side.viewer)
    text = client.get(address).get_data(as_text=True)
    assert "Ik heb interesse" in text and side.sentence not in text
