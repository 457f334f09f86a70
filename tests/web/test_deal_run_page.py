"""The coordinator's page of a deal's run shows the deal, not a solver run's sections.

De Terp and Akkerbouw Dronten agreed 20 t in their thread. The deal's page names both farms,
links their thread, and shows the proposal with its review and both farms' answers, ready
to approve; it has no progress bar, totals, exports, map, prices or unplaced surplus. The
solver run's page keeps those sections, and approving the deal from its page works.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from market.models import Proposal, ReviewStatus
from tests.conftest import hidden_fields, load, log_in
from tests.web.deal_helpers import COORDINATOR, agreed_deal

RUN_ONLY = (
    "Voortgang",
    "CSV exporteren",
    "Totalen",
    "Stromen op de kaart",
    "Niet geplaatst overschot",
    "Alles goedkeuren",
)


def test_a_deals_page_shows_the_farms_the_thread_and_the_proposal(
    app: Flask, client: FlaskClient
) -> None:
    deal = agreed_deal(app, approved=False)
    log_in(client, COORDINATOR)
    page = client.get(f"/review/runs/{deal.run_id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert all(section not in text for section in RUN_ONLY)
    assert "De Terp" in text and "Akkerbouw Dronten" in text
    assert f'href="/threads/{deal.thread_id}"' in text
    assert f'id="p{deal.proposal_id}"' in text and "voorgesteld" in text
    assert "Antwoord van de leverancier" in text and "nog niet beantwoord" in text
    action = f"/review/proposals/{deal.proposal_id}/approve"
    approved = client.post(action, data=hidden_fields(page, action))
    assert approved.status_code == 302
    assert load(app, Proposal, deal.proposal_id).review_status is ReviewStatus.APPROVED


def test_a_solver_runs_page_keeps_its_sections(app: Flask, client: FlaskClient) -> None:
    deal = agreed_deal(app, approved=False)
    log_in(client, COORDINATOR)
    text = client.get(f"/review/runs/{deal.solver_run_id}").get_data(as_text=True)
    assert all(section in text for section in RUN_ONLY)
    assert f'id="p{deal.solver_proposal_id}"' in text
