"""A run's plan holds a farm's A-share (R8) as a whole: approving its B-manure proposal
before its A-manure one must not be refused for a share the plan reaches together, while a
B-manure proposal left alone (its A partner rejected) still is. The integration season
(tests/integration/test_season.py) approves proposals one by one and caught the refusal."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.models import MatchRun, Proposal, Role
from market.proposals.schemas import DecisionInput
from market.proposals.services.capacity import review
from tests.factories import add_proposal, add_user
from tests.market.test_deal_and_approval_rules import (
    RULES,
    USERS,
    _approval,
    _farms,
    _lot,
    _request,
)

REJECT = DecisionInput(approve=False)


def _plan(session: Session) -> tuple[Proposal, Proposal]:
    """One run into a 10 ha farm (1,700 kg room, A-share minimum 70 %) that applies 100 kg
    of other A fertiliser N: 250 t of A manure (1,100 kg N, all A) and 100 t of B manure
    (440 kg N, no A): 1,640 kg N, 73 % A together; the B manure alone would leave 19 %."""
    supplier, receiver = _farms(session, other_n_kg=100.0, other_a_n_kg=100.0)
    lot = _lot(session, supplier)
    run = MatchRun(scope={}, params={}, solver="highs", gap=1e-4)
    session.add(run)
    session.flush()
    a = add_proposal(session, run, lot.id, _request(session, receiver).id, 250.0)
    b = add_proposal(session, run, lot.id, _request(session, receiver).id, 100.0, a_n_kg=0.0)
    return a, b


def test_the_b_half_of_a_plan_is_approved_first(sqlite_session: Session) -> None:
    a, b = _plan(sqlite_session)
    assert _approval(sqlite_session, b) == ""
    assert _approval(sqlite_session, a) == ""


def test_the_b_half_alone_is_refused(sqlite_session: Session) -> None:
    a, b = _plan(sqlite_session)
    email = f"c{next(USERS)}@example.nl"
    coordinator = add_user(sqlite_session, email, Role.COORDINATOR, None)
    review(sqlite_session, a, coordinator.id, REJECT, RULES)
    assert _approval(sqlite_session, b) == "a_share_too_low"


@pytest.mark.parametrize("first", ["a", "b"])
def test_either_order_fills_the_room_once(sqlite_session: Session, first: str) -> None:
    """Approving both in either order leaves 160 kg of the farm's room (no double count of
    the waiting plan in the N room)."""
    a, b = _plan(sqlite_session)
    for proposal in (a, b) if first == "a" else (b, a):
        assert _approval(sqlite_session, proposal) == ""


def test_b_manure_alone_onto_a_farm_without_n_is_refused(sqlite_session: Session) -> None:
    """A farm that applies no N meets any A-share minimum (no share at all); 440 kg of B
    manure takes it to 0 %, which is worse, not "no worse off" (the engine refuses it too)."""
    supplier, receiver = _farms(sqlite_session)
    lot = _lot(sqlite_session, supplier)
    run = MatchRun(scope={}, params={}, solver="highs", gap=1e-4)
    sqlite_session.add(run)
    sqlite_session.flush()
    request_id = _request(sqlite_session, receiver).id
    b = add_proposal(sqlite_session, run, lot.id, request_id, 100.0, a_n_kg=0.0)
    assert _approval(sqlite_session, b) == "a_share_too_low"
