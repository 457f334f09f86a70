"""Each audit entry's object links to its page: a farm to its farm page, a lot and a request
to theirs, a run to its review page and a proposal to its row on its run's page (`#p<id>`),
so a coordinator reading "voorstel 7 goedgekeurd" can see what was approved. Every link
opens; an object without a page of its own (a user, a proposal no longer stored) stays text.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.audit.services import record
from market.models import Lot, Proposal, Request
from tests.conftest import log_in, state
from tests.web.deal_helpers import COORDINATOR, agreed_deal


def _object_cells(page: str) -> list[str]:
    return re.findall(r'<td data-label="Object">(.*?)</td>', page)


def test_every_object_links_to_its_page(app: Flask, client: FlaskClient) -> None:
    deal = agreed_deal(app, approved=True)
    with state(app).session_factory() as session:
        lot = session.scalars(select(Lot)).first()
        wanted = session.scalars(select(Request)).first()
        assert lot is not None and wanted is not None
        run_of = session.get(Proposal, deal.solver_proposal_id)
        assert run_of is not None
        record(session, None, "lot.update", "lot", lot.id)
        record(session, None, "request.update", "request", wanted.id)
        record(session, None, "farm.approve", "farm", lot.farm_id)
        record(session, None, "run.note", "run", deal.solver_run_id)
        record(session, None, "user.note", "user", 1)
        record(session, None, "proposal.approve", "proposal", deal.proposal_id)
        record(session, None, "proposal.approve", "proposal", deal.solver_proposal_id)
        record(session, None, "proposal.approve", "proposal", 9999)
        session.commit()
        solver_run = run_of.run_id
    log_in(client, COORDINATOR)
    page = client.get("/audit?lang=nl").get_data(as_text=True)
    cells = _object_cells(page)
    expected = {
        f'<a href="/lots/{lot.id}">',
        f'<a href="/requests/{wanted.id}">',
        f'<a href="/farms/{lot.farm_id}">',
        f'<a href="/review/runs/{deal.solver_run_id}">',
        f'<a href="/review/runs/{solver_run}#p{deal.solver_proposal_id}">',
        f'<a href="/review/runs/{deal.run_id}#p{deal.proposal_id}">',
    }
    for link in expected:
        assert any(cell.startswith(link) for cell in cells), link
    assert any(cell.endswith(" 1") and "<a" not in cell for cell in cells)  # the user
    assert any(cell.endswith(" 9999") and "<a" not in cell for cell in cells)
    for href in re.findall(r'<td data-label="Object"><a href="([^"#]+)', page):
        assert client.get(href).status_code == 200, href
