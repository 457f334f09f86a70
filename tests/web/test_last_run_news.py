"""The farmer's listings say what the last run proposed for a request and, apart from it,
what is committed now: a run that met a request fully is no promise once a coordinator
rejected part of its plan.

The request asks 4,000 kg N. The last run proposed all of it (two proposals of 2,200 and
1,800 kg N); the coordinator approved the first and rejected the second: 2,200 kg N committed.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Farm, MatchRun, ReviewStatus, RunExplanation
from tests.conftest import log_in, state
from tests.factories import add_lot, add_proposal, farm_today
from tests.web.room_helpers import ARABLE, committed_farm

SAID = {
    "nl": (
        "4.000 kg N voorgesteld, 0 kg N niet voorgesteld.",
        "2.200 kg N toegezegd, waarvan 0 kg N geleverd",
        "Volledig vervuld.",
    ),
    "en": (
        "4,000 kg N proposed, 0 kg N not proposed.",
        "2,200 kg N committed, of which 0 kg N delivered",
        "Fully met.",
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_news_tells_the_run_from_what_is_committed(
    app: Flask, client: FlaskClient, language: str
) -> None:
    made = committed_farm(app, 500.0, 4000.0)
    first = date(farm_today().year, 1, 1)
    with state(app).session_factory() as session:
        run = session.get_one(MatchRun, made.run_id)
        other = add_lot(
            session, session.get_one(Farm, made.supplier_id), tonnes=1000.0, available_from=first
        )
        rejected = {"review_status": ReviewStatus.REJECTED, "n_kg": 1800.0}
        add_proposal(session, run, other.id, made.request_id, 409.1, **rejected)
        session.add(
            RunExplanation(
                run=run,
                request_id=made.request_id,
                code="met",
                text="Fully met.",
                met_n_kg=4000.0,
                unmet_n_kg=0.0,
            )
        )
        session.commit()
    log_in(client, ARABLE)
    page = client.get(f"/listings/mine?lang={language}").get_data(as_text=True)
    proposed, committed, fully = SAID[language]
    assert proposed in page
    assert committed in page
    assert fully not in page
