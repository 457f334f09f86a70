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

from market.models import ReviewStatus, Role, RunExplanation
from tests.conftest import log_in, state
from tests.factories import (
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    add_user,
    farm_today,
)

ARABLE = "dronten@example.nl"
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
    first = date(farm_today().year, 1, 1)
    with state(app).session_factory() as session:
        supplier = add_farm(session, "De Terp", skal_number="123401")
        arable = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        add_user(session, ARABLE, Role.ARABLE_FARMER, arable)
        lot = add_lot(session, supplier, tonnes=1000.0, available_from=first)
        request = add_request(session, arable, 4000.0, wanted_from=first)
        run = add_run(session)
        add_proposal(session, run, lot.id, request.id, 500.0, review_status=ReviewStatus.APPROVED)
        other = add_lot(session, supplier, tonnes=1000.0, available_from=first)
        rejected = {"review_status": ReviewStatus.REJECTED, "n_kg": 1800.0}
        add_proposal(session, run, other.id, request.id, 409.1, **rejected)
        session.add(
            RunExplanation(
                run=run,
                request_id=request.id,
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
