"""A deal's proposal sits in a run of its own; the coordinator's pages name it a deal.

Akkerbouw Dronten and De Terp agree 20 t in their thread (the services the thread's page
calls), which makes a deal run; beside it a run of the solver. The runs list and the run's
page call the deal "Afspraak N", agreed between two farms, with the link to the thread, not
"Ronde N · alle provincies"; the solver's run keeps its name and scope.
"""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from market.core.clock import today
from market.core.schemas import parse
from market.interest.schemas import OfferInput
from market.interest.services.deals import answer_offer, make_offer
from market.models import Role, RunStatus, Thread
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_request, add_run, add_user

COORDINATOR = "coordinator@example.nl"


def _deal_and_run(app: Flask) -> tuple[int, int, int]:
    """(the deal's run, its thread, a solver's run)."""
    settings = state(app).settings
    on = today(settings)
    year = date(on.year, 1, 1)
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        dronten = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        supplier = add_user(session, "terp@example.nl", Role.LIVESTOCK_FARMER, terp)
        receiver = add_user(session, "dronten@example.nl", Role.ARABLE_FARMER, dronten)
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
        session.commit()
        return proposal.run_id, thread.id, solved.id


def test_the_runs_list_and_the_run_page_name_a_deal_as_a_deal(
    app: Flask, client: FlaskClient
) -> None:
    deal, thread, solved = _deal_and_run(app)
    log_in(client, COORDINATOR)
    runs = client.get("/review").get_data(as_text=True)
    deal_row, solved_row = _row(runs, deal), _row(runs, solved)
    assert f">Afspraak {deal}<" in deal_row and "Afgesproken tussen twee bedrijven" in deal_row
    assert f'href="/threads/{thread}"' in deal_row
    assert f">Ronde {deal}<" not in deal_row and "alle provincies" not in deal_row
    assert f">Ronde {solved}<" in solved_row and "alle provincies" in solved_row
    page = client.get(f"/review/runs/{deal}").get_data(as_text=True)
    assert f"<h1>Afspraak {deal}</h1>" in page
    assert f'href="/threads/{thread}"' in page and "alle provincies" not in page


def _row(page: str, run_id: int) -> str:
    """The runs list's row of run `run_id`."""
    rows = (row.split("</tr>")[0] for row in page.split("<tr"))
    return next(row for row in rows if f'/review/runs/{run_id}"' in row)
