"""Statements of non-availability: a farm that finds no organic manure within reach gets a
dated, numbered PDF naming every lot considered and why it could not serve; one that could
be served gets the list of what is there instead, and no statement.

The request (Zwolle) wants cattle slurry or cattle solid manure within 60 km, from 1 November
to 31 December 2026. Each lot of the market fails it for one reason (or two), measured with
the engine's own rules (`classify_lot`, road factor × great-circle km).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.core.clock import today
from market.models import FarmStatus, Lot, Request, Role, Statement
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm, add_lot, add_request, add_user
from tests.web.pdf_helpers import missing, outside_the_page, page_count, render_pages

RECEIVER = "ontvanger@example.nl"
STRANGER = "vreemde@example.nl"
SUPPLIER_NAME = "Biologische Veehouderij " + "De Lange Weidegronden " * 8
#: Near the receiver (Zwolle, 52.51 N 6.09 E), some 25 road km away.
NEAR = {"lat": 52.6, "lon": 6.4}


@dataclass(frozen=True)
class Scene:
    request_id: int
    lots: dict[str, int]


@pytest.fixture
def scene(app: Flask) -> Scene:
    """A receiver's request and five lots, each kept from it by another rule."""
    on = today(state(app).settings)
    period = {"available_from": date(on.year, 1, 1)}
    with state(app).session_factory() as session:
        receiver = add_farm(session, "De Es", "Overijssel", rvo_relation_number="123456789")
        add_user(session, RECEIVER, Role.ARABLE_FARMER, receiver)
        add_user(session, STRANGER, Role.ARABLE_FARMER, add_farm(session, "Derde Erf", "Utrecht"))
        near = add_farm(session, SUPPLIER_NAME[:200].strip(), "Overijssel", **NEAR)
        far = add_farm(session, "Zuiderhoeve", "Limburg", lat=50.9, lon=5.9)
        request = add_request(
            session,
            receiver,
            kinds=["cattle_slurry", "cattle_solid"],
            max_distance_km=60.0,
            accept_nonorganic=True,
            wanted_from=on,
            wanted_until=date(on.year, 12, 31),
        )
        lots = {
            "far": add_lot(session, far, **period),
            "conventional": add_lot(
                session, near, origin=FarmStatus.CONVENTIONAL, husbandry_ok=True, **period
            ),
            "pig": add_lot(session, near, "pig_slurry", **period),
            "later": add_lot(session, near, available_from=date(on.year + 1, 3, 1)),
            "intermediary": add_lot(
                session,
                near,
                intermediary_name="Mest BV",
                intermediary_skal_approved=True,
                intermediary_valid_until=date(on.year - 1, 12, 31),
                **period,
            ),
            "compost": add_lot(session, near, "green_compost", **period),  # no manure
        }
        session.commit()
        return Scene(request.id, {name: lot.id for name, lot in lots.items()})


def check_page(client: FlaskClient, scene: Scene) -> str:
    return client.get(f"/deliveries/statements/request/{scene.request_id}").get_data(as_text=True)


def test_no_organic_manure_within_reach_gives_a_numbered_statement_naming_each_lot(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, RECEIVER)
    request_page = client.get(f"/requests/{scene.request_id}").get_data(as_text=True)
    assert f"/deliveries/statements/request/{scene.request_id}" in request_page
    page = check_page(client, scene)
    assert "Verklaring afgeven" in page
    assert f"#{scene.lots['compost']}<" not in page  # no manure: not considered
    response = post_form(client, f"/deliveries/statements/request/{scene.request_id}", {})
    assert response.status_code == 302
    with state(app).session_factory() as session:
        statement = session.scalars(select(Statement)).one()
        number, statement_id = statement.number, statement.id
        reasons = {lot["lot_id"]: [r["code"] for r in lot["reasons"]] for lot in statement.lots}
    assert number == f"VNB-{today(state(app).settings).year}-000001"  # the year's first
    lots = scene.lots
    assert reasons == {
        lots["far"]: ["too_far"],
        lots["conventional"]: ["not_organic"],
        lots["pig"]: ["kind_not_accepted"],
        lots["later"]: ["window"],
        lots["intermediary"]: ["intermediary"],
    }
    pdf = client.get(f"/deliveries/statements/{statement_id}.pdf")
    assert pdf.mimetype == "application/pdf"
    assert f"{number}.pdf" in pdf.headers["Content-Disposition"]
    render_pages(pdf.data, "statement")
    assert page_count(pdf.data) == 1 and outside_the_page(pdf.data) == []
    assert (
        missing(
            pdf.data,
            "Verklaring niet-beschikbaarheid",
            number,
            "De Es",
            "123456789",
            SUPPLIER_NAME[:200].strip(),
            "Zuiderhoeve",
            *(f"#{lot_id}" for lot_id in lots.values() if lot_id != lots["compost"]),
            "km over de weg; hoogstens 60 km.",
            "Geen biologische mest (categorie B).",
            "Niet bij de gevraagde soorten: Varkensdrijfmest.",
            "buiten de gevraagde periode.",
            "De intermediair heeft geen geldige Skal-verklaring.",
        )
        == []
    )
    assert missing(pdf.data, f"#{lots['compost']}") == [f"#{lots['compost']}"]


def test_a_statement_is_kept_as_issued_and_shown_to_its_farm_only(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, RECEIVER)
    post_form(client, f"/deliveries/statements/request/{scene.request_id}", {})
    with state(app).session_factory() as session:
        statement_id = session.scalars(select(Statement.id)).one()
        first = client.get(f"/deliveries/statements/{statement_id}.pdf").data
        far = session.get_one(Lot, scene.lots["far"])
        far.lat, far.lon = 52.5, 5.9  # the lot moves near afterwards: the record stays
        session.commit()
    again = client.get(f"/deliveries/statements/{statement_id}.pdf").data
    assert missing(again, "Zuiderhoeve", "km over de weg") == []
    assert missing(first, "Zuiderhoeve") == []
    kept = client.get(f"/deliveries/statements/{statement_id}").get_data(as_text=True)
    assert "Zuiderhoeve" in kept
    # now the far lot lies near: organic manure is within reach, and no statement is issued
    assert "Biologische mest binnen bereik" in check_page(client, scene)
    refused = post_form(client, f"/deliveries/statements/request/{scene.request_id}", {})
    assert refused.status_code == 302
    shown = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Er is biologische mest van de gevraagde soorten binnen bereik" in shown
    with state(app).session_factory() as session:
        assert len(session.scalars(select(Statement)).all()) == 1
    other = app.test_client()
    log_in(other, STRANGER)
    for url in (
        f"/deliveries/statements/{statement_id}",
        f"/deliveries/statements/{statement_id}.pdf",
        f"/deliveries/statements/request/{scene.request_id}",
    ):
        assert other.get(url).status_code == 404, url


def test_the_api_issues_and_returns_the_statement(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    from market.accounts.services.api_tokens import issue_token
    from market.models import User

    with state(app).session_factory() as session:
        user = session.scalars(select(User).where(User.email == RECEIVER)).one()
        secret = issue_token(session, user, "tests", "write")[1]
        session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    made = client.post("/api/v1/statements", json={"request_id": scene.request_id}, headers=headers)
    assert made.status_code == 201, made.get_data(as_text=True)
    body = made.get_json()
    assert body["number"].startswith("VNB-") and len(body["lots"]) == 5
    assert body["terms"]["kinds"] == ["cattle_slurry", "cattle_solid"]
    read = client.get(made.headers["Location"], headers=headers).get_json()
    assert read == body
    pdf = client.get(f"/api/v1/statements/{body['id']}/statement.pdf", headers=headers)
    assert pdf.mimetype == "application/pdf" and missing(pdf.data, body["number"]) == []
    with state(app).session_factory() as session:
        session.get_one(Request, scene.request_id).kinds = None  # now pig slurry would do
        session.commit()
    refused = client.post(
        "/api/v1/statements", json={"request_id": scene.request_id}, headers=headers
    )
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["code"] == "organic_available"
