"""A deal agreed twice at the same moment (two tabs of the farm that was offered it): one
deal, one proposal, the lot committed once. Before, both clicks passed the offer's "open"
check and each made a deal run with its own proposal, both approvable (a fresh pair of eyes
found 20 t committed for a 10 t agreement). Run `TRIES` times on fresh rows (the harness is
in `conftest.py`)."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.core.clock import today
from market.core.schemas import parse
from market.interest.schemas import OfferInput
from market.interest.services.deals import make_offer
from market.models import DealOffer, Farm, MatchRun, Proposal, Thread, User
from market.models.runs import DEAL_SOLVER
from tests.api.races.conftest import TRIES, Market, posted
from tests.conftest import csrf_token, log_in, state

SUPPLIER, RECEIVER = "livestock@example.nl", "arable@example.nl"


def _offered(market: Market, lot_id: int, request_id: int, tonnes: float) -> tuple[int, int]:
    """(thread, offer): the arable farm offers to take `tonnes` t of the livestock farm's lot."""
    settings = state(market.app).settings
    with Session(market.engine) as session:
        receiver = session.scalars(select(User).where(User.email == RECEIVER)).one()
        arable = session.get_one(Farm, market.world.farms["arable"])
        thread = Thread(
            lot_id=lot_id, owner_farm_id=market.world.farms["livestock"], farm_id=arable.id
        )
        session.add(thread)
        session.flush()
        data = parse(OfferInput, {"listing_id": request_id, "tonnes": tonnes})
        offer = make_offer(
            session, thread, arable.id, receiver.id, data, settings.policy, today(settings)
        )
        session.commit()
        return thread.id, offer.id


def test_one_offer_agreed_twice_at_once_makes_one_deal(market: Market) -> None:
    tabs = [market.app.test_client() for _ in range(2)]
    for tab in tabs:
        log_in(tab, SUPPLIER)
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        thread, offer = _offered(market, lot, ask, 10.0)
        tokens = [csrf_token(tab.get(f"/threads/{thread}")) for tab in tabs]
        url = f"/offers/{offer}/agree"
        statuses = market.race(
            lot,
            *(
                partial(posted, tab, url, {"csrf_token": t})
                for tab, t in zip(tabs, tokens, strict=True)
            ),
        )
        assert statuses == [302, 302]
        with Session(market.engine) as session:
            deals = session.scalar(
                select(func.count())
                .select_from(Proposal)
                .join(MatchRun)
                .where(Proposal.lot_id == lot, MatchRun.solver == DEAL_SOLVER)
            )
            made = session.get_one(DealOffer, offer).proposal_id
        assert deals == 1 and made is not None
        assert market.held(lot) == pytest.approx(0.0)  # waiting for a coordinator: holds nothing
