"""The run review's farm shares count what the year already holds for a receiving farm
apart from the run (other runs' approved proposals, deliveries not on the run's proposals),
as the run's instance and an adjustment do (`farm_accounts.season_balance`): before, the
review counted the run's proposals only and showed a farm more N room than the run had."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.models import ReviewStatus
from market.runs.services.report import farm_shares
from tests.factories import DAY, add_delivery, add_proposal, add_run
from tests.market.kept_manure_helpers import ROOM_LEFT, kept_manure_scene
from tests.market.test_kept_manure_review_adjust import POLICY

APPROVED = ReviewStatus.APPROVED


def test_the_review_counts_other_runs_commitments_and_its_own_deliveries_once(
    db: Session,
) -> None:
    """De Terp has 1,160 kg room left; another run's approved 20 t (88 kg N) holds some of
    it; this run proposes 50 t (220 kg N), 48 t of which are already weighed: the review
    shows 1,160 − 88 − 220 kg, the delivery counted as part of its proposal, not again."""
    scene = kept_manure_scene(db, DAY)
    add_proposal(db, add_run(db), scene.lot_id, scene.request_id, 20.0, review_status=APPROVED)
    this = add_proposal(
        db, add_run(db), scene.lot_id, scene.request_id, 50.0, review_status=APPROVED
    )
    add_delivery(db, this)
    db.flush()
    [share] = farm_shares(db, [this], POLICY, DAY)
    assert share.n_in_kg == pytest.approx(220.0)
    assert share.balance.room_left_kg == pytest.approx(ROOM_LEFT - 88.0 - 220.0)


def test_a_run_without_proposals_has_no_shares(db: Session) -> None:
    assert farm_shares(db, [], POLICY, DAY) == []
