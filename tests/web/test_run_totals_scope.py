"""The run page's two totals say what they count: the run's totals leave rejected proposals
out, the desk's sums of the proposals shown count them. A tester read 7.038,8 t in the one
and 8.413,8 t in the other, both for "all" proposals, with nothing saying why."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from market.models import ReviewStatus, RunStatus
from tests.conftest import state
from tests.factories import add_proposal, add_run
from tests.web.market_helpers import lot_ids, request_ids

HEADER = "1 afgewezen voorstel telt niet mee."
DESK = "Van de getoonde voorstellen is er 1 afgewezen: hier meegeteld, in de totalen hierboven"


def run_with_a_rejection(app: Flask) -> int:
    """A solved run: 120 t waiting for review, 50 t rejected."""
    lots, request_id = lot_ids(app, "De Hoeve"), request_ids(app, "Akkerbouw Zeeland")[0]
    with state(app).session_factory() as session:
        run = add_run(session, status=RunStatus.SOLVED)
        add_proposal(session, run, lots[0], request_id, 120.0)
        add_proposal(session, run, lots[1], request_id, 50.0, review_status=ReviewStatus.REJECTED)
        session.commit()
        return run.id


def test_each_total_says_whether_it_counts_rejected_proposals(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id = run_with_a_rejection(app)
    page = coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "<strong>120</strong> ton" in page and "<strong>170</strong> ton" in page
    assert HEADER in page and DESK in page


def test_a_shown_set_without_rejections_needs_no_note(app: Flask, coordinator: FlaskClient) -> None:
    run_id = run_with_a_rejection(app)
    page = coordinator.get(f"/review/runs/{run_id}?status=proposed").get_data(as_text=True)
    assert HEADER in page and DESK not in page
