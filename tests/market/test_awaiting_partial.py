"""A proposal delivered in part stays on the list of those awaiting delivery (a fresh pair of
eyes saw "Geaccepteerd, nog niet geleverd (0)" after 10,25 of 20 t were weighed, while "My
proposals" still offered to record a delivery and the farm page counted the rest as
committed); one delivered in full, or short by less than the weighing tolerance, leaves it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from market.deliveries.services.lists import awaiting_delivery
from market.models import ReviewStatus
from tests.factories import add_delivery, add_farm, add_lot, add_proposal, add_request, add_run


def test_a_partly_delivered_proposal_still_awaits_delivery(sqlite_session: Session) -> None:
    session = sqlite_session
    supplier, receiver = add_farm(session, "De Hoeve"), add_farm(session, "Akkerbouw Kampen")
    lot = add_lot(session, supplier, tonnes=1000.0)
    run = add_run(session)
    approved = {"review_status": ReviewStatus.APPROVED}
    part = add_proposal(session, run, lot.id, add_request(session, receiver).id, 100.0, **approved)
    whole = add_proposal(session, run, lot.id, add_request(session, receiver).id, 48.0, **approved)
    short = add_proposal(session, run, lot.id, add_request(session, receiver).id, 50.0, **approved)
    for proposal in (part, whole, short):
        add_delivery(session, proposal)  # 48 t weighed on each
    session.flush()
    assert [p.id for p in awaiting_delivery(session, receiver.id, 0.10)] == [part.id]
    assert [p.id for p in awaiting_delivery(session, None, 0.10)] == [part.id]
    assert [p.id for p in awaiting_delivery(session, None, 0.0)] == [part.id, short.id]
