"""A new user's findings on the papers, read as the farmer and the inspector read them:
the statement's check page and PDF, a second click on "Verklaring afgeven", the farm page
against the yearly overview, and table headers and kind names that break mid-word.

The market: De Terp (livestock, 10 ha: room 1,700 kg N, producing 4,410 kg N) delivered its
lot of 600 t of slurry at 6.45 kg N/t in two loads (3,870 kg N) to Akkerbouw Dronten (40 ha:
room 6,800 kg, producing 1,000 kg N), which asks for cattle slurry or solid manure. That lot
is used up (all of it delivered: nothing open); Derde Erf's lot of 1,200 t of poultry manure
pellets has 700 t delivered to Vierde Erf, 500 t open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.core.clock import today
from market.core.schemas import parse
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.listings.services.listings import lot_origin
from market.models import Farm, Lot, Role, Statement
from matching.rules import classify_lot
from tests.conftest import log_in, log_out, post_form, state
from tests.factories import add_farm, add_lot, add_request, add_user
from tests.web.pdf_helpers import missing, outside_the_page, pdf_text, render_pages, words

LIVESTOCK = "terp@example.nl"
ARABLE = "dronten@example.nl"
POULTRY = "derde@example.nl"


@dataclass(frozen=True)
class Scene:
    livestock_id: int
    arable_id: int
    poultry_id: int
    request_id: int
    used_up: int
    pellets: int
    year: int


def deliver(session: Session, lot: Lot, receiver: Farm, tonnes: float, on: date) -> None:
    """`tonnes` of `lot` at 6.45 kg N/t booked for `receiver` on `on`, as the ledger does."""
    values = {"delivered_on": on.isoformat(), "weighed_tonnes": tonnes, "n_kg_per_t": 6.45}
    lot_class = classify_lot(lot.kind, lot_origin(lot))
    record_delivery(session, lot, receiver, lot_class, parse(Weighing, values))


@pytest.fixture
def scene(app: Flask) -> Scene:
    on = today(state(app).settings)
    period = {"available_from": date(on.year, 1, 1)}
    with state(app).session_factory() as session:
        terp = add_farm(
            session, "De Terp", "Flevoland", area_ha=10.0, measured_own_manure_n_kg=4410.0
        )
        dronten = add_farm(
            session, "Akkerbouw Dronten", "Flevoland", measured_own_manure_n_kg=1000.0
        )
        derde = add_farm(session, "Derde Erf", lat=52.7, lon=6.2)
        add_user(session, LIVESTOCK, Role.LIVESTOCK_FARMER, terp)
        add_user(session, ARABLE, Role.ARABLE_FARMER, dronten)
        add_user(session, POULTRY, Role.LIVESTOCK_FARMER, derde)
        request = add_request(
            session,
            dronten,
            kinds=["cattle_slurry", "cattle_solid"],
            max_distance_km=None,
            wanted_from=on,
        )
        used_up = add_lot(session, terp, tonnes=600.0, **period)
        for _ in range(2):
            deliver(session, used_up, dronten, 300.0, on)
        pellets = add_lot(session, derde, "poultry_pellets", tonnes=1200.0, **period)
        deliver(session, pellets, add_farm(session, "Vierde Erf"), 700.0, on)
        session.commit()
        ids = (terp.id, dronten.id, derde.id, request.id, used_up.id, pellets.id)
        return Scene(*ids, on.year)


def statements(app: Flask) -> int:
    with state(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(Statement)) or 0


def test_a_used_up_lot_does_not_block_the_statement_and_the_paper_shows_open_tonnes(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, ARABLE)
    url = f"/deliveries/statements/request/{scene.request_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Deze partij kan de vraag bedienen" not in page
    assert "Niets meer open: alle 600 t zijn toegezegd of geleverd." in page
    assert "Verklaring afgeven" in page
    issued = post_form(client, url, {})
    assert issued.status_code == 302 and "/deliveries/statements/" in issued.headers["Location"]
    with state(app).session_factory() as session:
        statement = session.scalars(select(Statement)).one()
        statement_id, number = statement.id, statement.number
    pdf = client.get(f"/deliveries/statements/{statement_id}.pdf").data
    render_pages(pdf, "finding-statement")
    assert outside_the_page(pdf) == []
    assert missing(pdf, number, "0 (600)", "500 (1.200)", "Open t (aanbod)") == []
    assert missing(pdf, "Niets meer open: alle 600 t zijn toegezegd of geleverd.") == []


def test_pressing_issue_again_shows_the_statement_already_issued(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, ARABLE)
    url = f"/deliveries/statements/request/{scene.request_id}"
    first = post_form(client, url, {})
    again_page = client.get(url).get_data(as_text=True)  # the reload
    with state(app).session_factory() as session:
        number = session.scalars(select(Statement.number)).one()
    assert f"Verklaring {number} is vandaag voor deze vraag afgegeven" in again_page
    assert "Verklaring afgeven" not in again_page
    again = post_form(client, url, {})  # a stale page's button, pressed again
    assert again.headers["Location"] == first.headers["Location"]
    shown = client.get(again.headers["Location"]).get_data(as_text=True)
    assert f"Verklaring {number} is vandaag al afgegeven op dezelfde bevindingen." in shown
    assert statements(app) == 1


def test_the_api_answers_the_statement_already_issued(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    from market.accounts.services.api_tokens import issue_token
    from market.models import User

    with state(app).session_factory() as session:
        user = session.scalars(select(User).where(User.email == ARABLE)).one()
        secret = issue_token(session, user, "tests", "write")[1]
        session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"request_id": scene.request_id}
    made = client.post("/api/v1/statements", json=body, headers=headers)
    again = client.post("/api/v1/statements", json=body, headers=headers)
    assert (made.status_code, again.status_code) == (201, 200)
    assert again.get_json() == made.get_json()
    assert again.headers["Location"] == made.headers["Location"]
    lots = {lot["lot_id"]: lot for lot in made.get_json()["lots"]}
    assert (lots[scene.used_up]["open_tonnes"], lots[scene.pellets]["open_tonnes"]) == (0, 500)
    assert statements(app) == 1


def room_on_page(client: FlaskClient) -> str:
    page = client.get("/farm").get_data(as_text=True)
    found = re.search(r'data-figure="room-left-now">([^<]*?) kg N', page)
    assert found is not None, page
    return found.group(1).strip()


def room_on_paper(pdf: bytes) -> str:
    text = pdf_text(pdf)
    found = re.search(r"N-ruimte over: ([-−\d.]+) kg", " ".join(text.split()))
    assert found is not None, text
    return found.group(1)


@pytest.mark.parametrize(
    ("email", "farm", "room_left"),
    [
        (LIVESTOCK, "livestock_id", "1.160"),  # 1,700 − (4,410 − 3,870); was −2.710
        (ARABLE, "arable_id", "1.930"),  # 6,800 − 1,000 − 3,870; its page said 5.800
    ],
)
def test_the_farm_page_and_the_overview_show_the_same_room_left_with_deliveries(
    client: FlaskClient, scene: Scene, email: str, farm: str, room_left: str
) -> None:
    """Manure sent out is not applied on the own land; manure brought in is. The farm page
    and the yearly overview count the same deliveries and say so."""
    log_in(client, email)
    overview = client.get(f"/deliveries/overview/{getattr(scene, farm)}/{scene.year}.pdf").data
    assert room_on_page(client) == room_left
    assert room_on_paper(overview) == room_left
    assert f"gewogen leveringen van {scene.year}" in client.get("/farm").get_data(as_text=True)
    named = (
        "eigen dierlijke mest op eigen grond (productie min afvoer)",
        "aangevoerde dierlijke mest",
    )
    assert missing(overview, *named) == []


def test_headers_and_kind_names_are_not_broken_mid_word(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, POULTRY)
    overview = client.get(f"/deliveries/overview/{scene.poultry_id}/{scene.year}.pdf").data
    render_pages(overview, "finding-overview")
    assert outside_the_page(overview) == []
    assert {"Categorie", "Pluimveemestkorrels"} <= {word.text for word in words(overview)}
    log_out(client)
    log_in(client, ARABLE)
    post_form(client, f"/deliveries/statements/request/{scene.request_id}", {})
    with state(app).session_factory() as session:
        statement_id = session.scalars(select(Statement.id)).one()
    pdf = client.get(f"/deliveries/statements/{statement_id}.pdf").data
    render_pages(pdf, "finding-statement-words")
    whole = {word.text for word in words(pdf)}
    assert {"Categorie", "Pluimveemestkorrels", "Rundveedrijfmest", "Beschikbaar"} <= whole
