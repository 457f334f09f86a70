"""The run's terms on the pages: both farms read the suggested price (who pays whom, per
tonne and in total), the truck loads and the days delivery is allowed; a third farm sees
nothing of it; the coordinator's run page has the price map, its table and the legal
surplus left by reason. `priced_market` is also the browser test's market."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from market.accounts.services.api_tokens import issue_token
from market.models import (
    Lot,
    Proposal,
    ReviewStatus,
    Role,
    RunExplanation,
    RunPhase,
    RunStatus,
    User,
)
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

SUPPLIER, RECEIVER, PAYEE, THIRD, COORDINATOR = (
    "veehouder@example.nl",
    "akkerbouwer@example.nl",
    "biohof@example.nl",
    "derde@example.nl",
    "coordinator@example.nl",
)
FINISHED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
NBSP = "\xa0"


@dataclass(frozen=True)
class Priced:
    """The run and its two approved proposals: `paid` at € 12.50/t (the receiver pays) and
    `paying` at € -3.40/t (the supplier pays)."""

    run: int
    paid: int
    paying: int


def priced_market(session: Session) -> Priced:
    """De Hoeve (Zwolle) offers 1,000 t of cattle slurry with an outlet cost; the run sends
    120 t to Akkerbouw Kampen at € 12.50/t in 4 loads (16 Mar-31 Jul 2027) and 180 t to
    Biohof Drenthe at € -3.40/t in 6 loads (from 16 Feb 2027) and leaves 700 t for want of
    N room; a compost lot without outlet cost stays too (no legal surplus). Derde Erf has
    no part in it."""
    hoeve = add_farm(session, "De Hoeve")
    kampen = add_farm(session, "Akkerbouw Kampen", "Flevoland", lat=52.56, lon=5.91)
    drenthe = add_farm(session, "Biohof Drenthe", "Drenthe", lat=52.85, lon=6.55)
    derde = add_farm(session, "Derde Erf", "Utrecht", lat=52.1, lon=5.3)
    for email, role, farm in (
        (SUPPLIER, Role.LIVESTOCK_FARMER, hoeve),
        (RECEIVER, Role.ARABLE_FARMER, kampen),
        (PAYEE, Role.ARABLE_FARMER, drenthe),
        (THIRD, Role.ARABLE_FARMER, derde),
        (COORDINATOR, Role.COORDINATOR, None),
    ):
        add_user(session, email, role, farm)
    slurry = add_lot(session, hoeve, tonnes=1000.0)
    compost = add_lot(session, hoeve, "green_compost", tonnes=80.0)
    run = add_run(
        session,
        status=RunStatus.SOLVED,
        phase=RunPhase.DONE,
        components_total=1,
        components_done=1,
        started_at=FINISHED,
        finished_at=FINISHED,
        input_snapshot={
            "farms": [{"id": f"F{hoeve.id}", "status": "organic", "own_manure_n_kg": 3000.0}],
            "lots": [
                {**organic(slurry), "tonnes": 1000.0, "outlet_eur_per_t": 14.0},
                {**organic(compost), "tonnes": 80.0, "outlet_eur_per_t": 0.0},
            ],
        },
    )
    approved = {"review_status": ReviewStatus.APPROVED, "lot_rent_eur_per_t": 2.25}
    paid = add_proposal(
        session,
        run,
        slurry.id,
        add_request(session, kampen).id,
        120.0,
        loads=4,
        suggested_price_eur_per_t=12.5,
        delivery_from=date(2027, 3, 16),
        delivery_until=date(2027, 7, 31),
        **approved,
    )
    paying = add_proposal(
        session,
        run,
        slurry.id,
        add_request(session, drenthe, max_distance_km=None).id,
        180.0,
        loads=6,
        suggested_price_eur_per_t=-3.4,
        delivery_from=date(2027, 2, 16),
        **approved,
    )
    session.add_all(
        [
            RunExplanation(
                run=run, lot_id=slurry.id, code="n_room_full", text="N room", left_t=700.0
            ),
            RunExplanation(
                run=run, lot_id=compost.id, code="no_receiver_in_reach", text="far", left_t=80.0
            ),
        ]
    )
    return Priced(run.id, paid.id, paying.id)


def organic(lot: Lot) -> dict[str, Any]:
    """The snapshot's document of an organic lot: its id, farm and origin."""
    return {"id": f"L{lot.id}", "farm": f"F{lot.farm_id}", "origin": {"status": "organic"}}


def _market(app: Flask) -> Priced:
    with state(app).session_factory() as session:
        priced = priced_market(session)
        session.commit()
        return priced


def _page(app: Flask, email: str, path: str = "/proposals") -> str:
    client = app.test_client()
    log_in(client, email)
    return client.get(path).get_data(as_text=True)


def test_the_supplier_reads_what_it_receives_and_what_it_pays(app: Flask) -> None:
    _market(app)
    page = _page(app, SUPPLIER)
    assert f"U ontvangt €{NBSP}12,50 per ton, €{NBSP}1.500,00 in totaal." in page
    assert f"U betaalt €{NBSP}3,40 per ton, €{NBSP}612,00 in totaal." in page
    assert "De richtprijs is de prijs waarbij geen van beide bedrijven" in page
    assert "4 vrachten · leveren mag van 16 mrt 2027 tot en met 31 jul 2027" in page
    assert "6 vrachten · leveren mag vanaf 16 feb 2027" in page


def test_each_receiver_reads_its_own_side_of_the_price(app: Flask) -> None:
    _market(app)
    kampen = _page(app, RECEIVER)
    assert f"U betaalt €{NBSP}12,50 per ton, €{NBSP}1.500,00 in totaal." in kampen
    assert "3,40" not in kampen  # the other receiver's price is not its business
    drenthe = _page(app, PAYEE)
    assert f"U ontvangt €{NBSP}3,40 per ton, €{NBSP}612,00 in totaal." in drenthe
    assert "12,50" not in drenthe


def test_a_third_farm_sees_neither_the_proposals_nor_their_prices(app: Flask) -> None:
    priced = _market(app)
    page = _page(app, THIRD)
    assert "Richtprijs" not in page and "12,50" not in page and "3,40" not in page
    with state(app).session_factory() as session:
        user = session.query(User).filter_by(email=THIRD).one()
        secret = issue_token(session, user, "tests", "read")[1]
        session.commit()
    api = app.test_client()
    answer = api.get(
        f"/api/v1/proposals/{priced.paid}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status_code == 404
    listed = api.get("/api/v1/proposals", headers={"Authorization": f"Bearer {secret}"})
    assert listed.get_json()["items"] == []


def test_the_api_gives_both_farms_the_terms(app: Flask) -> None:
    priced = _market(app)
    with state(app).session_factory() as session:
        user = session.query(User).filter_by(email=RECEIVER).one()
        secret = issue_token(session, user, "tests", "read")[1]
        session.commit()
    body = (
        app.test_client()
        .get(f"/api/v1/proposals/{priced.paid}", headers={"Authorization": f"Bearer {secret}"})
        .get_json()
    )
    assert (body["suggested_price_eur_per_t"], body["loads"]) == (12.5, 4)
    assert (body["delivery_from"], body["delivery_until"]) == ("2027-03-16", "2027-07-31")


def test_a_proposal_without_terms_shows_no_price_sentence(client: FlaskClient, app: Flask) -> None:
    with state(app).session_factory() as session:
        priced = priced_market(session)
        for proposal_id in (priced.paid, priced.paying):
            row = session.get_one(Proposal, proposal_id)
            row.suggested_price_eur_per_t = row.loads = row.delivery_from = None
            row.delivery_until = None
        session.commit()
    page = _page(app, SUPPLIER)
    assert "De richtprijs is" not in page and "vracht" not in page and "leveren mag" not in page


def test_the_coordinator_sees_the_price_map_and_its_table(app: Flask) -> None:
    priced = _market(app)
    page = _page(app, COORDINATOR, f"/review/runs/{priced.run}")
    assert 'id="price-map"' in page and "data-bands=" in page
    assert f"€{NBSP}-3,40 per ton" in page and f"€{NBSP}12,50 per ton" in page
    assert page.index(f"€{NBSP}-3,40 per ton") < page.index(f"€{NBSP}12,50 per ton")
    assert f"€{NBSP}-612,00" in page and f"€{NBSP}2,25 per ton" in page  # total, rent
    assert "minder dan €" in page and "per ton of meer" in page  # the legend


def test_the_run_page_reports_the_legal_surplus_left_by_reason(app: Flask) -> None:
    priced = _market(app)
    page = _page(app, COORDINATOR, f"/review/runs/{priced.run}")
    surplus = page[page.index('id="surplus-title"') :]
    assert "1.000</strong> ton aangeboden" in surplus
    assert "300</strong> ton geplaatst" in surplus and "700</strong> ton niet geplaatst" in surplus
    reasons = surplus[: surplus.index("</section>")]
    assert "De stikstofruimte voor dierlijke mest" in reasons
    assert "afstandsgrenzen" not in reasons  # the compost left far away is no legal surplus


def test_totals_add_up_from_the_price_shown_and_superseded_prices_are_not_offered(
    app: Flask,
) -> None:
    """7,994 €/t is shown as 7,99, so 120 t cost 958,80 (not 959,28); a superseded
    proposal's price leaves the price table."""
    priced = _market(app)
    with state(app).session_factory() as session:
        session.get_one(Proposal, priced.paid).suggested_price_eur_per_t = 7.994
        session.get_one(Proposal, priced.paying).review_status = ReviewStatus.SUPERSEDED
        session.commit()
    assert f"U ontvangt €{NBSP}7,99 per ton, €{NBSP}958,80 in totaal." in _page(app, SUPPLIER)
    page = _page(app, COORDINATOR, f"/review/runs/{priced.run}")
    assert f"€{NBSP}958,80 in totaal" in page
    assert f"€{NBSP}-3,40 per ton" not in page  # the superseded one
