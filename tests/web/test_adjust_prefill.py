"""The tonnes field of an adjustment is prefilled as the tonnes column writes the proposal,
without grouping: "900" beside a column reading "900" (it read "900,0"), and "1200,5"
where the column reads "1.200,5", which the form reads back as the same number."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.web.review_helpers import add_solved_run


def test_both_adjust_forms_are_prefilled_as_the_column_reads(
    app: Flask, coordinator: FlaskClient
) -> None:
    for tonnes, shown in ((900.0, "900"), (1200.5, "1200,5")):
        run_id, proposal_id = add_solved_run(app, tonnes)
        run_page = coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
        assert f'id="tonnes-{proposal_id}" name="tonnes" inputmode="decimal"' in run_page
        assert f'autocomplete="off" value="{shown}"' in run_page
        adjust_page = coordinator.get(f"/review/proposals/{proposal_id}/adjust")
        assert f'value="{shown}"' in adjust_page.get_data(as_text=True)
