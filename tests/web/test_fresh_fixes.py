"""A newcomer's findings: a run's valuation shown where it was set up, load prices refused
without whole loads, a proposal's delivery days on "My listings", a superseded proposal's
refusal, and one word for "optional"."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import MatchRun, ReviewStatus
from tests.conftest import log_in, post_form, state
from tests.factories import add_run
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all
from tests.web.review_helpers import add_solved_run, proposal_row

VALUED_SCOPE = {
    "region": None,
    "from": None,
    "until": None,
    "outlet_eur_per_t": 12.5,
    "loads": {"eur_per_load": 1234.5, "eur_per_load_km": 4.25},
}


@pytest.fixture
def coordinator(client: FlaskClient, marketplace: Market) -> FlaskClient:
    log_in(client, marketplace.coordinator_email)
    return client


def valued_run(app: Flask) -> int:
    with state(app).session_factory() as session:
        run_id = add_run(session, scope=dict(VALUED_SCOPE)).id
        session.commit()
        return run_id


@pytest.mark.parametrize("page", ["/review", "/review/runs/{id}"])
def test_a_runs_outlet_and_load_prices_show_in_dutch(
    app: Flask, coordinator: FlaskClient, page: str
) -> None:
    run_id = valued_run(app)
    html = coordinator.get(page.format(id=run_id)).get_data(as_text=True)
    euro = "€\xa0"  # Dutch writes the sign before the amount, joined by a no-break space
    assert f"afzetkosten {euro}12,50 per ton" in html
    assert f"hele vrachten: {euro}1.234,50 per vracht, {euro}4,25 per vracht-km" in html


def test_a_run_without_valuation_shows_neither(app: Flask, coordinator: FlaskClient) -> None:
    with state(app).session_factory() as session:
        run_id = add_run(session).id
        session.commit()
    html = coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "afzetkosten" not in html and "hele vrachten:" not in html


@pytest.mark.parametrize("field", ["eur_per_load", "eur_per_load_km"])
def test_load_prices_without_whole_loads_are_refused_on_their_field(
    app: Flask, coordinator: FlaskClient, field: str
) -> None:
    response = post_form(coordinator, "/review", {field: "80"}, "/review/runs")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vink &#39;Hele vrachten&#39; aan om deze prijzen te gebruiken." in page
    with state(app).session_factory() as session:
        assert session.scalars(select(MatchRun)).all() == []


def test_load_prices_with_whole_loads_start_the_run(app: Flask, coordinator: FlaskClient) -> None:
    data: dict[str, object] = {"loads": "y", "eur_per_load": "80", "eur_per_load_km": "4,5"}
    assert post_form(coordinator, "/review", data, "/review/runs").status_code == 302
    with state(app).session_factory() as session:
        run = session.scalars(select(MatchRun)).one()
        assert run.scope["loads"] == {"eur_per_load": 80.0, "eur_per_load_km": 4.5}


def test_a_superseded_proposal_gets_no_reject_form_and_says_why(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, proposal_id = add_solved_run(app, review_status=ReviewStatus.SUPERSEDED)
    question = f"/review/proposals/{proposal_id}/reject"
    shown = coordinator.get(question)
    assert shown.status_code == 302
    assert shown.headers["Location"] == f"/review/runs/{run_id}#p{proposal_id}"
    superseded = "Dit voorstel is vervangen door een latere ronde"
    assert superseded in coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    post_form(coordinator, f"/review/runs/{run_id}", {}, question)
    page = coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert superseded in page and "al beoordeeld" not in page
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.SUPERSEDED


def test_an_open_proposal_still_gets_the_reject_form(app: Flask, coordinator: FlaskClient) -> None:
    _, proposal_id = add_solved_run(app)
    shown = coordinator.get(f"/review/proposals/{proposal_id}/reject")
    assert shown.status_code == 200
    assert f'action="/review/proposals/{proposal_id}/reject"' in shown.get_data(as_text=True)


def farmers_proposals(app: Flask, client: FlaskClient, market: Market) -> str:
    approve_all(app)
    log_in(client, market.livestock_email)
    return client.get("/listings/mine").get_data(as_text=True)


def test_my_listings_show_the_proposals_delivery_days(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    add_solved_run(
        app,
        review_status=ReviewStatus.APPROVED,
        delivery_from=date(2027, 2, 16),
        delivery_until=date(2027, 8, 31),
    )
    page = farmers_proposals(app, client, marketplace)
    assert "16 feb 2027 – 31 aug 2027" in page
    assert "1 jan 2026 –" not in page  # the listings' days (the lot is offered from New Year)


def test_my_listings_fall_back_to_the_listings_days(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    add_solved_run(app, review_status=ReviewStatus.APPROVED)
    page = farmers_proposals(app, client, marketplace)
    assert "1 jan 2026 – onbepaald" in page


def test_the_lot_form_says_optional_one_way(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    log_in(client, marketplace.livestock_email)
    page = client.get("/lots/new").get_data(as_text=True)
    assert "Gevraagde prijs (€ per ton, optioneel)" in page
    assert "Kosten van uw andere afzet (€ per ton, optioneel)" in page
    assert "niet verplicht" not in page
