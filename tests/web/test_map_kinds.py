"""The market map's points say what each listing is, in the page's language: a lot's kind
("Vaste rundveemest"), a request as "Vraag". A popup read "De Hoeve: 120 t", not what the
120 t were, nor that 900 kg N was asked rather than offered."""

from __future__ import annotations

import html
import json

from flask import Flask
from flask.testing import FlaskClient

from market.models import Role
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_request, add_user

VIEWER = "derde@example.nl"


def map_points(client: FlaskClient, path: str) -> list[dict[str, object]]:
    page = client.get(path).get_data(as_text=True)
    return json.loads(html.unescape(page.split('data-points="', 1)[1].split('"', 1)[0]))


def test_each_point_names_its_kind_or_that_it_is_a_request(app: Flask, client: FlaskClient) -> None:
    with state(app).session_factory() as session:
        hoeve = add_farm(session, "De Hoeve", skal_number="123403")
        add_user(session, VIEWER, Role.ARABLE_FARMER, add_farm(session, "Derde Erf"))
        add_lot(session, hoeve, "cattle_solid", tonnes=120.0)
        add_request(session, hoeve, 900.0)
        session.commit()
    log_in(client, VIEWER)
    shown = {(p["side"], p["label"], p["amount"]) for p in map_points(client, "/listings")}
    assert shown == {("lot", "Vaste rundveemest", 120.0), ("request", "Vraag", 900.0)}
    english = {(p["side"], p["label"]) for p in map_points(client, "/listings?lang=en")}
    assert english == {("lot", "Cattle solid manure"), ("request", "Request")}
