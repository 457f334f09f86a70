"""The run's plan an approval counts (`capacity.waiting`): only what is still waiting in the
same run, and for an approval only what goes into the same farm, read with one query on those
rows. Reading the whole run for every approval made an approve-all quadratic (2,000 farms:
408 s before, 16 s after, `benchmarks/approve_all.py`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from market.models import ReviewStatus
from market.proposals.services.capacity import waiting
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run


def test_the_plan_is_the_runs_waiting_proposals_and_an_approval_reads_its_farms(
    sqlite_session: Session,
) -> None:
    session = sqlite_session
    supplier = add_farm(session, "De Hoeve")
    here, there = add_farm(session, "Akkerbouw Kampen"), add_farm(session, "Akkerbouw Urk")
    lot = add_lot(session, supplier, tonnes=5000.0)
    asks = [add_request(session, here), add_request(session, here), add_request(session, there)]
    run, other_run = add_run(session), add_run(session)
    first, second, elsewhere = (add_proposal(session, run, lot.id, r.id, 10.0) for r in asks)
    done = add_proposal(session, run, lot.id, add_request(session, here).id, 5.0)
    done.review_status = ReviewStatus.APPROVED
    add_proposal(session, other_run, lot.id, asks[0].id, 7.0)
    session.flush()
    assert [p.id for p in waiting(session, first)] == [second.id, elsewhere.id]
    assert [p.id for p in waiting(session, first, here.id)] == [second.id]
    assert [p.id for p in waiting(session, elsewhere, there.id)] == []
    assert waiting(session, first)[1].request.farm_id == there.id
