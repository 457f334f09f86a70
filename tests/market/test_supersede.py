"""Which unreviewed proposals a solved run supersedes (`review.supersede_earlier`).

Faults found by a fresh pair of eyes: a run over one province superseded a national run's
proposals across the province's border, which it could never have made; a run superseded the
proposal of a deal two farms had agreed; two runs finishing out of order both kept their
plans open on the same tonnes.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from market.models import Proposal, ReviewStatus
from market.models.runs import DEAL_SOLVER
from market.proposals.services.review import supersede_earlier
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run


def test_only_pairs_the_run_saw_whole_are_superseded_by_the_run_written_last(
    db: Session,
) -> None:
    lot = add_lot(db, add_farm(db, "De Hoeve", "Friesland", lat=53.1, lon=5.8))
    here = add_request(db, add_farm(db, "Akkerbouw Friesland", "Friesland", lat=53.0, lon=5.7))
    there = add_request(db, add_farm(db, "Akkerbouw Flevoland", "Flevoland", lat=52.5, lon=5.6))
    national, later = add_run(db), add_run(db)
    across = add_proposal(db, national, lot.id, there.id, 100.0)
    inside = add_proposal(db, national, lot.id, here.id, 100.0)
    newer = add_proposal(db, later, lot.id, here.id, 50.0)  # a later run, written first
    deal = add_proposal(db, add_run(db, solver=DEAL_SOLVER), lot.id, here.id, 10.0)
    friesland = add_run(db)  # saw the Friesland lot and request only
    supersede_earlier(db, friesland.id, [lot.id], [here.id])
    db.expire_all()
    status = {p.id: db.get_one(Proposal, p.id).review_status for p in (across, inside, newer, deal)}
    assert status == {
        across.id: ReviewStatus.PROPOSED,  # the other province's request was not in its view
        inside.id: ReviewStatus.SUPERSEDED,
        newer.id: ReviewStatus.SUPERSEDED,  # written last wins, whatever the run ids
        deal.id: ReviewStatus.PROPOSED,  # two farms agreed it: a run does not replace it
    }
