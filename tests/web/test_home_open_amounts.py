"""The market's front page lists what is still open, as the lot's and request's own pages do:
a lot of 100 t with 60 t approved to another farm shows 40 t, a fully taken one is not
listed, and the totals count what is open (a fresh pair of eyes read "26 open partijen,
15.900 t aangeboden" after an approve-all had taken most of it)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from market.models import ReviewStatus, Role
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

VIEWER = "derde@example.nl"


def test_the_front_page_lists_and_counts_what_is_open(app: Flask, client: FlaskClient) -> None:
    with state(app).session_factory() as session:
        terp = add_farm(session, "De Terp", skal_number="123401")
        hoeve = add_farm(session, "De Hoeve", skal_number="123403")
        dronten = add_farm(session, "Akkerbouw Dronten", skal_number="123402")
        add_user(session, VIEWER, Role.ARABLE_FARMER, add_farm(session, "Derde Erf"))
        some, taken = add_lot(session, terp, tonnes=100.0), add_lot(session, hoeve, tonnes=50.0)
        request = add_request(session, dronten, 4000.0)
        run, approved = add_run(session), {"review_status": ReviewStatus.APPROVED}
        add_proposal(session, run, some.id, request.id, 60.0, **approved)  # 264 kg N
        add_proposal(session, run, taken.id, request.id, 50.0, **approved)  # 220 kg N
        session.commit()
    log_in(client, VIEWER)
    page = client.get("/?lang=nl").get_data(as_text=True)
    assert "De Terp" in page and "De Hoeve" not in page
    assert re.search(r"<strong>1</strong>\s*open partijen", page)
    assert re.search(r"<strong>40 t</strong>\s*aangeboden", page)
    assert re.search(r"<strong>3\.516 kg N</strong>\s*gevraagd", page)
