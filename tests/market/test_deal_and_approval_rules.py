"""Deals and approvals obey the rules a run obeys (the newcomer's finding, reduced).

A deal offered in a thread is refused when the receiving farm has no N room left (R1, R2),
when the request does not take the lot's kind or lies beyond its distance, or when
non-organic manure would go to a farm at the R6.3 cap; its proposal is asked again at
approval. Any proposal's approval, one or all, counts what the year already holds for the
receiving farm, so two runs' proposals that fit the farm apart but not together are not both
approved.
"""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pytest
from sqlalchemy.orm import Session

from config.settings import POLICY_DEFAULTS
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.interest.schemas import OfferInput
from market.interest.services.deals import make_offer
from market.models import Farm, FarmStatus, Lot, MatchRun, Proposal, Request, Role, Thread, utcnow
from market.models.runs import DEAL_SOLVER
from market.proposals.schemas import DecisionInput
from market.proposals.services.capacity import Ground, review, review_all
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_user

#: The farms' date: the year of the proposals made now (the season counts those).
ON = utcnow().date()
RULES = Ground(POLICY_DEFAULTS, ON)
APPROVE = DecisionInput(approve=True)
#: Numbers for the users the offers and approvals are made by (e-mail addresses are unique).
USERS = count()
#: Open windows from New Year, so the spreading calendar always has a next legal day.
FROM_NEW_YEAR = date(ON.year, 1, 1)


def _farms(session: Session, **receiver: Any) -> tuple[Farm, Farm]:
    """An organic livestock farm and, beside it, an arable farm of 10 ha (1,700 kg N room)."""
    supplier = add_farm(session, "De Terp", skal_number="123401")
    values = {"area_ha": 10.0, "skal_number": "123402", **receiver}
    return supplier, add_farm(session, "Akkerbouw Dronten", **values)


def _lot(session: Session, farm: Farm, **overrides: Any) -> Lot:
    return add_lot(session, farm, tonnes=2000.0, available_from=FROM_NEW_YEAR, **overrides)


def _request(session: Session, farm: Farm, **overrides: Any) -> Request:
    values = {"wanted_from": FROM_NEW_YEAR, "max_distance_km": None, **overrides}
    return add_request(session, farm, 40_000.0, **values)


def _offer(session: Session, lot: Lot, request: Request, tonnes: float) -> str:
    """The code of the offer's refusal ("" when it is made)."""
    email = f"akker{next(USERS)}@example.nl"
    user = add_user(session, email, Role.ARABLE_FARMER, request.farm)
    thread = Thread(lot_id=lot.id, owner_farm_id=lot.farm_id, farm_id=request.farm_id)
    session.add(thread)
    session.flush()
    data = parse(OfferInput, {"listing_id": request.id, "tonnes": tonnes})
    try:
        make_offer(session, thread, request.farm_id, user.id, data, POLICY_DEFAULTS, ON)
    except ValidationError as refused:
        return next(iter(refused.errors.values())).code
    return ""


def _proposed(
    session: Session, lot: Lot, request: Request, tonnes: float, solver: str = "highs"
) -> Proposal:
    """A proposal waiting for review, in a run of its own (`solver`: a deal's or a run's)."""
    run = MatchRun(scope={}, params={}, solver=solver, gap=1e-4)
    session.add(run)
    session.flush()
    return add_proposal(session, run, lot.id, request.id, tonnes)


def _approval(session: Session, proposal: Proposal) -> str:
    """The code of the approval's refusal ("" when it is approved)."""
    coordinator = add_user(session, f"c{next(USERS)}@example.nl", Role.COORDINATOR, None)
    try:
        with session.begin_nested():
            review(session, proposal, coordinator.id, APPROVE, RULES)
    except ValidationError as refused:
        return next(iter(refused.errors.values())).code
    return ""


def test_a_deal_into_a_farm_with_no_room_left_is_refused_at_offer_and_at_approval(
    sqlite_session: Session,
) -> None:
    supplier, receiver = _farms(sqlite_session)
    lot, request = _lot(sqlite_session, supplier), _request(sqlite_session, receiver)
    assert _approval(sqlite_session, _proposed(sqlite_session, lot, request, 380.0)) == ""
    # 380 t × 4.4 kg N/t = 1,672 kg of 1,700: 10 t more (44 kg N) overfills the room
    assert _offer(sqlite_session, lot, request, 10.0) == "n_room_exceeded"
    assert _offer(sqlite_session, lot, request, 5.0) == ""
    deal = _proposed(sqlite_session, lot, request, 10.0, DEAL_SOLVER)
    assert _approval(sqlite_session, deal) == "n_room_exceeded"


@pytest.mark.parametrize(
    ("receiver", "lot", "ask", "code"),
    [
        ({}, {}, {"kinds": ["horse_manure"]}, "kind_not_accepted"),
        ({"lat": 53.07}, {}, {"max_distance_km": 10.0}, "too_far"),
        ({"lat": 53.07}, {"max_distance_km": 30.0}, {}, "too_far"),
        (
            {"measured_own_manure_n_kg": 1700.0},
            {"origin": FarmStatus.CONVENTIONAL, "husbandry_ok": True},
            {"accept_nonorganic": True},
            "r6_own_manure_at_cap",
        ),
        (
            {},
            {"origin": FarmStatus.CONVENTIONAL, "husbandry_ok": True},
            {},
            "nonorganic_not_accepted",
        ),
    ],
)
def test_a_deal_no_run_could_make_is_refused_at_offer_and_at_approval(
    sqlite_session: Session,
    receiver: dict[str, Any],
    lot: dict[str, Any],
    ask: dict[str, Any],
    code: str,
) -> None:
    supplier, arable = _farms(sqlite_session, **receiver)
    offered, asked = (
        _lot(sqlite_session, supplier, **lot),
        _request(sqlite_session, arable, **ask),
    )
    assert _offer(sqlite_session, offered, asked, 20.0) == code
    deal = _proposed(sqlite_session, offered, asked, 20.0, DEAL_SOLVER)
    assert _approval(sqlite_session, deal) == code


def test_a_deal_within_every_rule_is_offered_and_approved(sqlite_session: Session) -> None:
    supplier, receiver = _farms(sqlite_session)
    lot, request = _lot(sqlite_session, supplier), _request(sqlite_session, receiver)
    assert _offer(sqlite_session, lot, request, 20.0) == ""
    assert (
        _approval(sqlite_session, _proposed(sqlite_session, lot, request, 20.0, DEAL_SOLVER)) == ""
    )


@pytest.mark.parametrize(("tonnes", "second"), [(250.0, "n_room_exceeded"), (150.0, "")])
def test_two_runs_into_one_farm_are_approved_only_while_the_room_holds(
    sqlite_session: Session, tonnes: float, second: str
) -> None:
    supplier, receiver = _farms(sqlite_session)
    lot, request = _lot(sqlite_session, supplier), _request(sqlite_session, receiver)
    other = _request(sqlite_session, receiver)
    first = _proposed(sqlite_session, lot, request, tonnes)
    later = _proposed(sqlite_session, lot, other, tonnes)
    assert _approval(sqlite_session, first) == ""
    # 2 × 250 t × 4.4 = 2,200 kg N > 1,700; 2 × 150 t × 4.4 = 1,320 kg N fits
    assert _approval(sqlite_session, later) == second


def test_approve_all_skips_the_proposal_the_farm_has_no_room_for_and_says_why(
    sqlite_session: Session,
) -> None:
    supplier, receiver = _farms(sqlite_session)
    lot, request = _lot(sqlite_session, supplier), _request(sqlite_session, receiver)
    first = _proposed(sqlite_session, lot, request, 300.0)
    run = first.run
    later = add_proposal(sqlite_session, run, lot.id, _request(sqlite_session, receiver).id, 200.0)
    coordinator = add_user(sqlite_session, "c@example.nl", Role.COORDINATOR, None)
    outcome = review_all(sqlite_session, run, coordinator.id, APPROVE, RULES)
    assert outcome.changed == [first]  # largest N first: 1,320 kg N fits, 880 more does not
    assert [(skip.proposal_id, skip.codes) for skip in outcome.skipped] == [
        (later.id, ("n_room_exceeded",))
    ]
    assert later.review_status.value == "proposed"
