"""A request's committed N and its farm's room count a partly delivered proposal alike: what
was weighed at the delivery's sample, plus the undelivered share of the proposed N
(`balance.held_n_kg`, `balance.undelivered_share`).

The arable farm has 10 ha and no animals: 1,700 kg N room. The approved proposal brings it
500 t at the lot's 4.4 kg N/t (2,200 kg N); 100 t of it were weighed with a sample of 6 kg N/t
(600 kg N). Still to come: 80 % of 2,200 = 1,760 kg N. Held: 2,360 kg N, not the 2,200 the
lot's figure gives.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from config.settings import POLICY_DEFAULTS
from market.core.validation import ValidationError
from market.models import Proposal, ReviewStatus
from market.proposals.services.balance import request_balance
from market.proposals.services.capacity import check_fits
from market.proposals.services.farm_accounts import committed_balance
from tests.factories import (
    add_delivery,
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    farm_today,
)

ON = farm_today()


def _partly_delivered(db: Session, asked_n_kg: float, n_kg_per_t: float) -> Proposal:
    """An approved proposal of 500 t of De Terp's slurry (4.4 kg N/t: 2,200 kg N) into
    Akkerbouw Dronten's request for `asked_n_kg` (10 ha: 1,700 kg N room), 100 t of it
    weighed at `n_kg_per_t`."""
    first = date(ON.year, 1, 1)
    supplier = add_farm(db, "De Terp", skal_number="123401")
    arable = add_farm(db, "Akkerbouw Dronten", area_ha=10.0, skal_number="123402")
    lot = add_lot(db, supplier, tonnes=1000.0, available_from=first)
    request = add_request(db, arable, asked_n_kg, wanted_from=first)
    approved = {"review_status": ReviewStatus.APPROVED}
    proposal = add_proposal(db, add_run(db), lot.id, request.id, 500.0, **approved)
    delivery = add_delivery(db, proposal)
    delivery.delivered_on, delivery.weighed_tonnes, delivery.n_kg_per_t = first, 100.0, n_kg_per_t
    db.flush()
    return proposal


def test_the_request_and_the_farm_count_the_weighed_sample(db: Session) -> None:
    proposal = _partly_delivered(db, 4000.0, 6.0)
    held = request_balance(db, proposal.request)
    assert (held.committed, held.delivered) == (pytest.approx(2360.0), pytest.approx(600.0))
    farm = committed_balance(db, proposal.request.farm, POLICY_DEFAULTS, ON)
    assert farm.room_kg - farm.room_left_kg == pytest.approx(held.committed)


def test_an_adjustment_is_checked_on_what_the_request_page_counts(db: Session) -> None:
    """100 t of 500 t weighed at 2 kg N/t (200 kg N): the proposal holds 200 + 80 % of
    2,200 = 1,960 kg N of the request's 2,000, so keeping its 500 t fits (40 kg N open on the
    request's page); counted at the lot's figure (2,200) it was refused as over the request."""
    proposal = _partly_delivered(db, 2000.0, 2.0)
    assert request_balance(db, proposal.request).open == pytest.approx(40.0)
    check_fits(db, proposal, 500.0, proposal.n_kg)
    with pytest.raises(ValidationError) as refused:
        check_fits(db, proposal, 510.0, 4.4 * 510.0)  # 200 + 410/510 × 2,244 = 2,004 kg N
    assert refused.value.errors["tonnes"].code == "request_taken"
