"""A deal the rules refuse is refused in the farms' words, not the coordinator's.

De Terp offers 500 t of cattle slurry (4.4 kg N/t); Akkerbouw Dronten (10 ha beside it: an
N room of 1,700 kg) asks for 40,000 kg N (`deal_helpers.small_receiver`). The checks are the
approval's (`check_deal`), the sentences say that the deal cannot go ahead and why, in a
deal's terms (the N room's: tests/web/test_deal_wording.py); a coordinator approving a
proposal still reads the approval's wording.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from market.models import ReviewStatus
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm, add_proposal, add_request, add_run
from tests.web.deal_helpers import RECEIVER, SUPPLIER, offer, open_thread, small_receiver


def test_agreeing_to_more_than_the_lot_has_open_says_so_as_a_deal(
    app: Flask, client: FlaskClient
) -> None:
    lot_id, request_id = small_receiver(app)
    log_in(client, RECEIVER)
    thread = open_thread(client, lot_id)
    assert "kan niet doorgaan" not in offer(client, thread, request_id, "100")
    with state(app).session_factory() as session:  # a run's approved 450 t leave 50 t open
        run = add_run(session)
        other = add_request(session, add_farm(session, "Derde Erf"), wanted_from=date(2026, 1, 1))
        add_proposal(session, run, lot_id, other.id, 450.0, review_status=ReviewStatus.APPROVED)
        session.commit()
    owner = app.test_client()
    log_in(owner, SUPPLIER)
    page = owner.get(f"/threads/{thread}").get_data(as_text=True)
    offer_id = re.search(r"/offers/(\d+)/agree", page).group(1)  # type: ignore[union-attr]
    agreed = post_form(owner, f"/threads/{thread}", {}, f"/offers/{offer_id}/agree")
    shown = owner.get(agreed.headers["Location"]).get_data(as_text=True)
    assert (
        "Deze afspraak kan niet doorgaan. Van de partij is nog maar 50 t open; de afspraak"
        " neemt 100 t." in shown
    )
    assert "worden goedgekeurd" not in shown and "dit voorstel" not in shown
