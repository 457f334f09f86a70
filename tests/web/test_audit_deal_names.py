"""The audit log names a deal as every other page does: "Afspraak 1", not its run.

A solver run comes first, so the deal De Terp and Akkerbouw Dronten agree
(`tests.web.deal_helpers`) is run 2 but "Afspraak 1"; the solver run of the same helper is
run 3. The coordinator approves both proposals on their pages: the deal's entry reads
"Afspraak 1" (in English "Deal 1"), the solver run's keeps "ronde: 3"; an entry about the
deal's run itself names the deal too. A page of entries looks its deals' numbers up with
one query, however many entries name a run.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from market.audit.services import record
from tests.conftest import log_in, post_form, state, statements
from tests.factories import add_run
from tests.web.deal_helpers import COORDINATOR, Deal, agreed_deal


def _deal_after_a_run(app: Flask) -> Deal:
    with state(app).session_factory() as session:
        add_run(session)
        session.commit()
    deal = agreed_deal(app, approved=False)
    assert (deal.run_id, deal.solver_run_id) == (2, 3)
    return deal


def _entry(page: str, proposal_id: int) -> str:
    """The log's row about proposal `proposal_id` (Dutch "voorstel", English "proposal")."""
    rows = (row.split("</tr>")[0] for row in page.split("<tr>"))
    names = (f">voorstel {proposal_id}</a></td>", f">proposal {proposal_id}</a></td>")
    return next(row for row in rows if any(name in row for name in names))


def test_the_log_names_a_deals_proposal_by_the_deal(app: Flask, client: FlaskClient) -> None:
    deal = _deal_after_a_run(app)
    log_in(client, COORDINATOR)
    for run_id, proposal_id in ((deal.run_id, deal.proposal_id), (3, deal.solver_proposal_id)):
        page = f"/review/runs/{run_id}"
        approved = post_form(client, page, {}, f"/review/proposals/{proposal_id}/approve")
        assert approved.status_code == 302
    dutch = client.get("/audit?lang=nl").get_data(as_text=True)
    deal_entry = _entry(dutch, deal.proposal_id)
    assert "voorstel goedgekeurd" in deal_entry and "Afspraak 1;" in deal_entry
    assert "ronde:" not in deal_entry and "Afspraak 2" not in deal_entry
    assert "ronde: 3;" in _entry(dutch, deal.solver_proposal_id)
    english = client.get("/audit?lang=en").get_data(as_text=True)
    assert "Deal 1;" in _entry(english, deal.proposal_id)
    assert "run: 3;" in _entry(english, deal.solver_proposal_id)


def test_an_adjustment_of_a_deals_tonnes_names_the_deal(app: Flask, client: FlaskClient) -> None:
    deal = _deal_after_a_run(app)
    log_in(client, COORDINATOR)
    action = f"/review/proposals/{deal.proposal_id}/adjust"
    adjusted = post_form(client, f"/review/runs/{deal.run_id}", {"tonnes": "15"}, action)
    assert adjusted.status_code == 302
    entry = _entry(client.get("/audit?lang=nl").get_data(as_text=True), deal.proposal_id)
    assert "tonnen aangepast" in entry and "Afspraak 1; ton: 15; ton vooraf: 20</td>" in entry


def test_an_entry_about_a_deal_run_itself_names_the_deal(app: Flask, client: FlaskClient) -> None:
    deal = _deal_after_a_run(app)
    with state(app).session_factory() as session:
        record(session, None, "run.note", "run", deal.run_id)
        record(session, None, "run.note", "run", deal.solver_run_id)
        session.commit()
    log_in(client, COORDINATOR)
    page = client.get("/audit?lang=nl").get_data(as_text=True)
    deal_run = f'<a href="/review/runs/{deal.run_id}">Afspraak 1</a></td>'
    assert '<td data-label="Object">' + deal_run in page
    assert f">Afspraak {deal.run_id}</a></td>" not in page
    assert f" {deal.solver_run_id}</a></td>" in page and "Afspraak 3" not in page


def test_a_page_of_entries_looks_the_deals_up_at_once(app: Flask, client: FlaskClient) -> None:
    deal = _deal_after_a_run(app)
    log_in(client, COORDINATOR)
    engine = state(app).session_factory.kw["bind"]

    def queries() -> int:
        with statements(engine) as seen:
            assert client.get("/audit").status_code == 200
        return len(seen)

    with state(app).session_factory() as session:
        record(session, None, "proposal.approve", "proposal", 1, run_id=deal.run_id)
        session.commit()
    few = queries()
    with state(app).session_factory() as session:
        for number in range(48):
            run_id = (deal.run_id, deal.solver_run_id, 99)[number % 3]  # 99: no run
            record(session, None, "proposal.approve", "proposal", number + 2, run_id=run_id)
        session.commit()
    assert queries() == few
    page = client.get("/audit").get_data(as_text=True)
    assert page.count("Afspraak 1</td>") == 17 and page.count("ronde: 3</td>") == 16
    assert page.count("ronde: 99</td>") == 16
