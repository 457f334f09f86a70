"""A deal is named by its own number, and its agreed price is in the proposals CSV.

A solver run comes first, then De Terp and Akkerbouw Dronten agree 20 t at € 1,50 per
tonne that the supplier pays (`tests.web.deal_helpers`, its price set here): the deal is
"Afspraak 1", not "Afspraak 2" after its run's id, on the runs list and its page; its CSV has
the agreed price -1,5, and a solver run's CSV leaves that column empty.
"""

from __future__ import annotations

import csv
import io

from flask import Flask
from flask.testing import FlaskClient

from market.models import Proposal
from tests.conftest import log_in, state
from tests.factories import add_run
from tests.web.deal_helpers import COORDINATOR, agreed_deal

PRICE = "Afgesproken prijs (EUR/t)"


def _solver_run_first(app: Flask) -> None:
    with state(app).session_factory() as session:
        add_run(session)
        session.commit()


def test_a_deal_is_named_by_its_own_number(app: Flask, client: FlaskClient) -> None:
    _solver_run_first(app)
    deal = agreed_deal(app, approved=False)
    assert deal.run_id == 2
    log_in(client, COORDINATOR)
    runs = client.get("/review").get_data(as_text=True)
    assert ">Afspraak 1<" in runs and ">Afspraak 2<" not in runs
    page = client.get(f"/review/runs/{deal.run_id}").get_data(as_text=True)
    assert "<h1>Afspraak 1</h1>" in page


def _csv(client: FlaskClient, run_id: int) -> dict[str, str]:
    body = client.get(f"/review/runs/{run_id}/proposals.csv?lang=nl").get_data(as_text=True)
    header, row = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    return dict(zip(header, row, strict=True))


def test_the_agreed_price_is_a_column_of_the_proposals_csv(app: Flask, client: FlaskClient) -> None:
    deal = agreed_deal(app, approved=False)
    with state(app).session_factory() as session:
        session.get_one(Proposal, deal.proposal_id).price_eur_per_t = -1.5
        session.commit()
    log_in(client, COORDINATOR)
    cells = _csv(client, deal.run_id)
    assert cells[PRICE] == "-1,5"
    assert cells["Richtprijs (EUR/t)"] == ""
    assert _csv(client, deal.solver_run_id)[PRICE] == ""
