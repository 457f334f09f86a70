"""Deals for the tests: two farms, their thread, their offers and the deal they agree.

`agreed_deal`: De Terp (supplier) and Akkerbouw Dronten (receiver) agree 20 t in a thread
about De Terp's lot through the services the thread's page calls, which makes a deal run with
one proposal; a solver run proposes 10 t of the same lot for the same request.
`small_receiver`: the same farms with Dronten on 10 ha (an N room of 1,700 kg) asking for
40,000 kg N, and the pages' own steps to talk about it (`open_thread`, `offer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from market.core.clock import today
from market.core.schemas import parse
from market.interest.schemas import OfferInput
from market.interest.services.deals import answer_offer, make_offer
from market.models import ReviewStatus, Role, RunStatus, Thread, utcnow
from tests.conftest import post_form, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

SUPPLIER, RECEIVER, COORDINATOR = (
    "terp@example.nl",
    "dronten@example.nl",
    "coordinator@example.nl",
)


@dataclass(frozen=True)
class Deal:
    """The ids the tests look for."""

    run_id: int
    proposal_id: int
    thread_id: int
    solver_run_id: int
    solver_proposal_id: int


def agreed_deal(app: Flask, *, approved: bool) -> Deal:
    """The deal (its proposal approved by a coordinator when `approved`) and the solver run's
    proposal (approved too when `approved`)."""
    settings = state(app).settings
    on = today(settings)
    year = date(on.year, 1, 1)
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        dronten = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        supplier = add_user(session, SUPPLIER, Role.LIVESTOCK_FARMER, terp)
        receiver = add_user(session, RECEIVER, Role.ARABLE_FARMER, dronten)
        add_user(session, COORDINATOR, Role.COORDINATOR, None)
        lot = add_lot(session, terp, available_from=year)
        request = add_request(session, dronten, wanted_from=year, max_distance_km=None)
        thread = Thread(lot_id=lot.id, owner_farm_id=terp.id, farm_id=dronten.id)
        session.add(thread)
        session.flush()
        data = parse(OfferInput, {"listing_id": request.id, "tonnes": 20})
        offer = make_offer(session, thread, dronten.id, receiver.id, data, settings.policy, on)
        proposal = answer_offer(
            session, offer, terp.id, supplier.id, settings.policy, on, agree=True
        )
        assert proposal is not None
        solved = add_run(session, status=RunStatus.SOLVED)
        other = add_proposal(session, solved, lot.id, request.id, 10.0)
        if approved:
            for row in (proposal, other):
                row.review_status, row.reviewed_at = ReviewStatus.APPROVED, utcnow()
        session.commit()
        return Deal(proposal.run_id, proposal.id, thread.id, solved.id, other.id)


def small_receiver(app: Flask) -> tuple[int, int]:
    """(lot, request): De Terp's 500 t of cattle slurry (4.4 kg N/t) and a request for
    40,000 kg N of Akkerbouw Dronten, 10 ha: an N room of 1,700 kg. Both open from New Year
    at any distance."""
    year = date(today(state(app).settings).year, 1, 1)
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        dronten = add_farm(session, "Akkerbouw Dronten", area_ha=10.0, skal_number="123402")
        add_user(session, SUPPLIER, Role.LIVESTOCK_FARMER, terp)
        add_user(session, RECEIVER, Role.ARABLE_FARMER, dronten)
        lot = add_lot(session, terp, tonnes=500.0, available_from=year)
        request = add_request(session, dronten, 40_000.0, wanted_from=year, max_distance_km=None)
        session.commit()
        return lot.id, request.id


def open_thread(client: FlaskClient, lot_id: int) -> int:
    """The logged-in farm's thread about the lot ("I am interested")."""
    url = f"/market/lots/{lot_id}"
    started = post_form(client, url, {"body": ""}, action=f"{url}/interest")
    assert started.status_code == 302, started.get_data(as_text=True)
    return int(started.headers["Location"].rsplit("/", 1)[1])


def offer(client: FlaskClient, thread: int, request_id: int, tonnes: str) -> str:
    """The thread's page after offering `tonnes` t for the request (refused or made)."""
    form: dict[str, object] = {
        "listing_id": str(request_id),
        "tonnes": tonnes,
        "price_eur_per_t": "",
    }
    answer = post_form(client, f"/threads/{thread}", form)
    if answer.status_code == 302:
        return client.get(answer.headers["Location"]).get_data(as_text=True)
    return answer.get_data(as_text=True)
