"""A deal's proposal gets the days delivery is allowed, as a run's proposal does: the first
legal spreading stretch within both listings' windows (a newcomer booked a deal's cattle
slurry on 1 December without the storage confirmation a run's proposal would have asked,
because the deal had no window at all)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import POLICY_DEFAULTS
from market.interest.services.deals import answer_offer
from market.models import DealOffer, Role
from matching.rules import delivery_window
from tests.factories import add_user
from tests.market.test_deal_and_approval_rules import ON, USERS, _farms, _lot, _offer, _request


def test_an_agreed_deal_has_the_legal_delivery_window(sqlite_session: Session) -> None:
    supplier, receiver = _farms(sqlite_session)
    lot, request = _lot(sqlite_session, supplier), _request(sqlite_session, receiver)
    assert _offer(sqlite_session, lot, request, 100.0) == ""
    offer = sqlite_session.scalars(select(DealOffer)).one()
    user = add_user(sqlite_session, f"v{next(USERS)}@example.nl", Role.LIVESTOCK_FARMER, supplier)
    proposal = answer_offer(
        sqlite_session, offer, supplier.id, user.id, POLICY_DEFAULTS, ON, agree=True
    )
    assert proposal is not None
    available = (lot.available_from, lot.available_until)
    wanted = (request.wanted_from, request.wanted_until)
    window = delivery_window(lot.kind, request.land_use, available, wanted, ON)
    assert window is not None
    assert (proposal.delivery_from, proposal.delivery_until) == window
    assert proposal.delivery_from is not None and proposal.delivery_from >= ON
