"""The farms' operations on one proposal, sent at the same moment (issue 10). Each race is
run `TRIES` times on fresh rows (the harness is in `conftest.py`):
- a farm's accept and decline of one proposal (exactly one answers);
- the same delivery form (one `submission_key`) posted twice (one delivery).
"""

from __future__ import annotations

import re
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.core.clock import today
from market.models import Delivery, FarmerResponse, Proposal, ReviewStatus
from tests.api.races.conftest import TRIES, Market, posted
from tests.conftest import csrf_token, log_in, state

KEY_FIELD = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')


def test_accept_and_decline_sent_together_exactly_one_answers(market: Market) -> None:
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        _, approved = market.proposed(lot, ask, 100.0, ReviewStatus.APPROVED)
        statuses = market.race(
            lot,
            partial(market.api, "arable", "POST", f"/proposals/{approved}/accept"),
            partial(market.api, "arable", "POST", f"/proposals/{approved}/decline"),
        )
        assert statuses == [200, 422]
        answered = market.proposal(approved).receiver_response
        assert answered in (FarmerResponse.ACCEPTED, FarmerResponse.DECLINED)


def test_the_same_delivery_form_sent_twice_at_once_books_one_delivery(market: Market) -> None:
    first = market.app.test_client()
    log_in(first, "livestock@example.nl")
    second = market.app.test_client()
    name = market.app.config["SESSION_COOKIE_NAME"]
    cookie = first.get_cookie(name)
    assert cookie is not None
    second.set_cookie(name, cookie.value)  # the same browser, its form sent twice
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        _, agreed = market.proposed(lot, ask, 20.0, ReviewStatus.APPROVED)
        with Session(market.engine) as session:
            row = session.get_one(Proposal, agreed)
            row.supplier_response = row.receiver_response = FarmerResponse.ACCEPTED
            session.commit()
        page = first.get(f"/deliveries/new/{agreed}")
        found = KEY_FIELD.search(page.get_data(as_text=True))
        assert found, "the delivery form carries its one-time key"
        form = {
            "csrf_token": csrf_token(page),
            "submission_key": found.group(1),
            "delivered_on": today(state(market.app).settings).isoformat(),
            "weighed_tonnes": "19,5",  # the page speaks Dutch
        }
        url = f"/deliveries/new/{agreed}"
        statuses = market.race(
            lot, partial(posted, first, url, form), partial(posted, second, url, form)
        )
        assert statuses == [302, 302]
        with Session(market.engine) as session:
            booked = session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.proposal_id == agreed)
            )
        assert booked == 1
