"""A newcomer's findings: figures in the reader's locale, the true reason of a bulk review's
skips, the flagged field's words in the page's language, and the marks on every list."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import Farm, Livestock, Lot, NaturalLandParcel, Request, ReviewStatus
from tests.conftest import log_in, log_out, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids, request_ids
from tests.web.review_helpers import add_solved_run, proposal_row


def test_approve_all_says_approved_and_why_it_skipped(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """De Hoeve's lot holds 1250 t; another run's 1000 t are approved, so 300 t do not fit."""
    add_solved_run(app, tonnes=1000.0, review_status=ReviewStatus.APPROVED)
    run_id, proposal_id = add_solved_run(app, tonnes=300.0)
    log_in(client, marketplace.coordinator_email)
    page = f"/review/runs/{run_id}"
    post_form(client, page, {}, f"/review/runs/{run_id}/approve-all")
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.PROPOSED
    shown = client.get(page).get_data(as_text=True)
    assert "0 voorstellen goedgekeurd. 1 overgeslagen omdat de partij te weinig over heeft." in (
        shown
    )


def test_figures_on_the_farm_page_and_the_offer_form(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    with state(app).session_factory() as session:
        hoeve = session.scalars(select(Farm).where(Farm.name == "De Hoeve")).one()
        session.add(Livestock(farm=hoeve, category="dairy_cow", head_count=1000))
        wanted = session.get_one(Request, request_ids(app, "Akkerbouw Zeeland")[0])
        wanted.n_kg = 1200.5
        session.commit()
    log_in(client, marketplace.livestock_email)
    farm_page = client.get("/farm").get_data(as_text=True)
    assert re.search(r'data-label="Dieren" class="num">1\.000</td>', farm_page)
    log_out(client)
    log_in(client, marketplace.arable_email)
    lot = lot_ids(app, "De Hoeve")[0]
    answer = post_form(
        client, f"/market/lots/{lot}", {"body": "Hallo"}, f"/market/lots/{lot}/interest"
    )
    thread = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Vraag: 1.200,5 kg N" in thread


def test_unusual_and_kind_marks_in_the_pages_language(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """A Dutch page first, then an English one: the flagged field's words follow the page
    (the lot's farm reads them; another farm sees no marks, `test_flagged_listings`)."""
    approve_all(app)
    lot_id = lot_ids(app, "De Hoeve")[0]
    with state(app).session_factory() as session:
        lot = session.get_one(Lot, lot_id)
        lot.flags = ["kind"]
        lot.tonnes = 30000.0
        session.commit()
    log_in(client, marketplace.livestock_email)
    dutch = client.get("/").get_data(as_text=True)
    assert '<span class="visually-hidden">: tonnen</span>' in dutch
    assert ">nagaan<" in dutch
    assert ">nagaan<" in client.get(f"/market/lots/{lot_id}").get_data(as_text=True)
    english = client.get("/?lang=en").get_data(as_text=True)
    assert '<span class="visually-hidden">: tonnes</span>' in english


def test_the_parcel_table_shows_the_n_limit_as_entered(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    with state(app).session_factory() as session:
        hoeve = session.scalars(select(Farm).where(Farm.name == "De Hoeve")).one()
        session.add(NaturalLandParcel(farm=hoeve, name="Heide", ha=3.0, n_limit_kg_per_ha=50.5))
        session.commit()
    log_in(client, marketplace.livestock_email)
    farm_page = client.get("/farm").get_data(as_text=True)
    assert 'data-label="kg N per ha" class="num">50,5</td>' in farm_page
