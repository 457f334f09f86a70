"""A deal's proposal sits in a run of its own; the coordinator's pages name it a deal.

Akkerbouw Dronten and De Terp agree 20 t in their thread (the services the thread's page
calls), which makes a deal run; beside it a run of the solver. The runs list and the run's
page call the deal "Afspraak N", agreed between two farms, with the link to the thread, not
"Ronde N · alle provincies"; the solver's run keeps its name and scope.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.deal_helpers import COORDINATOR, agreed_deal


def test_the_runs_list_and_the_run_page_name_a_deal_as_a_deal(
    app: Flask, client: FlaskClient
) -> None:
    made = agreed_deal(app, approved=False)
    deal, thread, solved = made.run_id, made.thread_id, made.solver_run_id
    log_in(client, COORDINATOR)
    runs = client.get("/review").get_data(as_text=True)
    deal_row, solved_row = _row(runs, deal), _row(runs, solved)
    assert ">Afspraak 1<" in deal_row and "Afgesproken tussen twee bedrijven" in deal_row
    assert f'href="/threads/{thread}"' in deal_row
    assert f">Ronde {deal}<" not in deal_row and "alle provincies" not in deal_row
    assert f">Ronde {solved}<" in solved_row and "alle provincies" in solved_row
    page = client.get(f"/review/runs/{deal}").get_data(as_text=True)
    assert "<h1>Afspraak 1</h1>" in page
    assert f'href="/threads/{thread}"' in page and "alle provincies" not in page


def _row(page: str, run_id: int) -> str:
    """The runs list's row of run `run_id`."""
    rows = (row.split("</tr>")[0] for row in page.split("<tr"))
    return next(row for row in rows if f'/review/runs/{run_id}"' in row)
