"""Withdrawing a lot or a request cancels only the proposals nothing was delivered on.

Four proposals of the same lot to the same request, each in a run of its own: 100 t approved
and accepted with 48 t weighed (partly delivered), 45 t with 48 t weighed (delivered), 30 t
approved with nothing weighed, and 20 t still waiting for review. A withdrawal cancels the
last two; the two with a delivery keep their status, and the balance of the listing left open
counts what was weighed on them and what the partly delivered one still holds.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.listings.services.listings import withdraw_lot, withdraw_request
from market.models import FarmerResponse, Proposal, ReviewStatus, RunStatus
from market.proposals.services.balance import lot_balance, request_balance
from tests.factories import add_delivery, add_proposal, add_run, small_market

APPROVED, CANCELLED = ReviewStatus.APPROVED, ReviewStatus.CANCELLED
#: (tonnes, approved and accepted, 48 t weighed) of each proposal.
SHAPES = ((100.0, True, True), (45.0, True, True), (30.0, True, False), (20.0, False, False))


def _proposals(db: Session) -> tuple[list[Proposal], Proposal]:
    """The four proposals, in the order above, and the lot and request through the first."""
    lot, request = small_market(db)
    rows = []
    for tonnes, approved, weighed in SHAPES:
        run = add_run(db, status=RunStatus.SOLVED)
        row = add_proposal(db, run, lot.id, request.id, tonnes)
        if approved:
            row.review_status = APPROVED
            row.supplier_response = row.receiver_response = FarmerResponse.ACCEPTED
        if weighed:
            add_delivery(db, row)
        rows.append(row)
    db.flush()
    return rows, rows[0]


@pytest.mark.parametrize("withdrawn", ["lot", "request"])
def test_only_proposals_without_a_delivery_lapse(db: Session, withdrawn: str) -> None:
    rows, first = _proposals(db)
    if withdrawn == "lot":
        withdraw_lot(db, first.lot, "verkocht")
    else:
        withdraw_request(db, first.request, "verkocht")
    db.expire_all()
    statuses = [(row.review_status, row.review_reason) for row in rows]
    assert statuses == [
        (APPROVED, None),
        (APPROVED, None),
        (CANCELLED, "verkocht"),
        (CANCELLED, "verkocht"),
    ]


def test_the_open_request_counts_what_the_withdrawn_lot_delivered(db: Session) -> None:
    """48 t at 4.4 kg N/t twice is delivered (422.4 kg N); the partly delivered proposal
    still holds its 440 kg N (211.2 weighed, 52 % of 440 to come), the delivered one what
    was weighed, the cancelled ones nothing."""
    _, first = _proposals(db)
    withdraw_lot(db, first.lot)
    balance = request_balance(db, first.request)
    assert balance.delivered == pytest.approx(422.4)
    assert balance.committed == pytest.approx(440.0 + 211.2)


def test_the_open_lot_counts_what_was_delivered_to_the_withdrawn_request(db: Session) -> None:
    """100 t still held by the partly delivered proposal, 48 t weighed on the delivered one."""
    _, first = _proposals(db)
    withdraw_request(db, first.request)
    balance = lot_balance(db, first.lot)
    assert (balance.delivered, balance.committed) == (pytest.approx(96.0), pytest.approx(148.0))
