"""Injection through the API is stored as typed and shown escaped on the web pages."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from market.models import Farm, Lot
from tests.api.conftest import Call, World
from tests.api.seed import LOT_BODY
from tests.conftest import log_in, state

PAPERS = (
    "sample_analysis_ref",
    "transport_document_no",
    "intermediary_name",
    "declaration_of_origin_no",
)
ATTACKS = (
    "'; DROP TABLE lots; --",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "Robert') OR 1=1; --",
)


def test_every_text_field_stores_attacks_inert_and_pages_escape_them(
    call: Call, api_app: Flask
) -> None:
    browser = api_app.test_client()
    log_in(browser, "livestock@example.nl")
    for attack in ATTACKS:
        lot = _post_lot(call, attack)
        tag = call("livestock", "GET", "/farm").headers["ETag"]
        farm = call(
            "livestock",
            "PATCH",
            "/farm",
            json={"name": attack, "address": attack},
            headers={"If-Match": tag},
        ).get_json()
        assert (farm["name"], farm["address"]) == (attack, attack)
        with state(api_app).session_factory() as session:  # a coordinator approves the name
            session.execute(update(Farm).values(approved=True))
            session.commit()
        _assert_escaped(browser, f"/lots/{lot['id']}", attack)
        _assert_escaped(browser, "/farm", attack)
    with state(api_app).session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Lot)) == 1 + len(ATTACKS)


def test_delivery_papers_store_attacks_inert_and_pages_escape_them(
    call: Call, api_app: Flask, world: World
) -> None:
    papers = dict(zip(PAPERS, ATTACKS, strict=True))
    body = {
        "proposal_id": world.agreed,
        "delivered_on": "2026-11-20",
        "weighed_tonnes": 1.0,
        **papers,
    }
    delivery = call("arable", "POST", "/deliveries", json=body).get_json()
    papers["declaration_of_origin_no"] = delivery["declaration_of_origin_no"]
    assert {paper: delivery[paper] for paper in PAPERS} == papers
    browser = api_app.test_client()
    log_in(browser, "arable@example.nl")
    for attack in ATTACKS[:3]:
        _assert_escaped(browser, f"/deliveries/{delivery['id']}", attack)


def _post_lot(call: Call, attack: str) -> dict[str, object]:
    body = {**LOT_BODY, "intermediary_name": attack, "intermediary_skal_approved": True}
    response = call("livestock", "POST", "/lots", json=body)
    assert response.status_code == 201
    lot = response.get_json()
    assert call("livestock", "GET", f"/lots/{lot['id']}").get_json()["intermediary_name"] == (
        attack
    )
    return lot


def _assert_escaped(browser: FlaskClient, path: str, attack: str) -> None:
    page = browser.get(path).get_data(as_text=True)
    assert attack not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    escaped = attack.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped.replace("'", "&#39;").replace('"', "&#34;") in page
