"""Farmers answer approved proposals; the service refuses everything else."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.core.validation import ValidationError
from market.listings.schemas import LotInput, RequestInput
from market.listings.services.listings import create_lot, create_request
from market.models import FarmerResponse, MatchRun, Proposal, ReviewStatus
from market.proposals.schemas import AnswerInput
from market.proposals.services.answers import Side, farm_proposals, respond
from tests.factories import add_farm as make_farm
from tests.market.conftest import LOT_FORM, REQUEST_FORM

YES = AnswerInput(accept=True)


def make_proposal(db: Session, review: ReviewStatus) -> tuple[Proposal, int, int, int]:
    supplier, receiver = make_farm(db), make_farm(db, name="Akker")
    stranger = make_farm(db, name="Vreemd")
    lot = create_lot(db, supplier, LotInput(**LOT_FORM))
    request = create_request(db, receiver, RequestInput(**REQUEST_FORM))
    proposal = Proposal(
        run=MatchRun(scope={}, params={}, solver="highs", gap=0.0),
        lot=lot,
        request=request,
        tonnes=10.0,
        n_kg=44.0,
        a_n_kg=44.0,
        animal_n_kg=44.0,
        distance_km=5.0,
        cost_eur=7.5,
        lot_version=1,
        request_version=1,
        review_status=review,
    )
    db.add(proposal)
    db.flush()
    return proposal, supplier.id, receiver.id, stranger.id


def test_each_side_answers_for_itself(db: Session) -> None:
    proposal, supplier, receiver, _ = make_proposal(db, ReviewStatus.APPROVED)
    (seen,) = farm_proposals(db, receiver)
    assert (seen.side, seen.counterpart.id) == (Side.RECEIVER, supplier)
    respond(db, proposal, supplier, YES)
    respond(db, proposal, receiver, AnswerInput(accept=False))
    assert (proposal.supplier_response, proposal.receiver_response) == (
        FarmerResponse.ACCEPTED,
        FarmerResponse.DECLINED,
    )


@pytest.mark.parametrize(
    ("review", "message"),
    [
        (ReviewStatus.PROPOSED, "Only an approved proposal can be answered."),
        (ReviewStatus.REJECTED, "Only an approved proposal can be answered."),
    ],
)
def test_unapproved_proposals_cannot_be_answered(
    db: Session, review: ReviewStatus, message: str
) -> None:
    proposal, supplier, _, _ = make_proposal(db, review)
    assert farm_proposals(db, supplier) == []
    with pytest.raises(ValidationError) as refused:
        respond(db, proposal, supplier, YES)
    assert refused.value.errors == {"proposal": message}


def test_strangers_and_stale_proposals_are_refused(db: Session) -> None:
    proposal, supplier, _, stranger = make_proposal(db, ReviewStatus.APPROVED)
    with pytest.raises(ValidationError, match="not for your farm"):
        respond(db, proposal, stranger, YES)
    proposal.lot.version = 2
    with pytest.raises(ValidationError, match="changed since"):
        respond(db, proposal, supplier, YES)
    assert proposal.supplier_response is FarmerResponse.PENDING
