"""The run's terms as the data layer and the API hold them: the proposal's new columns, the
API's proposal body, the price on the map's lines, and the legal surplus report."""

from __future__ import annotations

from datetime import date
from math import ceil
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config.settings import POLICY_DEFAULTS
from market.core.schemas import parse
from market.models import Proposal, ReviewStatus, Role, RunExplanation
from market.proposals.api import proposal_body
from market.proposals.schemas import AdjustInput
from market.proposals.services.adjust import adjust_tonnes
from market.runs.services.report import flow_lines, legal_surplus
from matching.rules.outlets import load_t
from tests.factories import add_proposal, add_run, add_user, small_market

TERMS: dict[str, Any] = {
    "loads": 2,
    "suggested_price_eur_per_t": -3.4,
    "lot_rent_eur_per_t": 0.6,
    "delivery_from": date(2027, 3, 16),
    "delivery_until": date(2027, 7, 31),
}


def _proposal(db: Session, tonnes: float = 60.0, **columns: Any) -> Proposal:
    lot, request = small_market(db)
    return add_proposal(db, add_run(db), lot.id, request.id, tonnes, **columns)


def test_a_proposal_keeps_a_negative_suggested_price_beside_an_agreed_one(db: Session) -> None:
    proposal = _proposal(db, **TERMS)
    db.commit()
    db.expire_all()
    assert {name: getattr(proposal, name) for name in TERMS} == TERMS
    assert proposal.price_eur_per_t is None


@pytest.mark.parametrize(
    "columns",
    [
        {"loads": -1},
        {"lot_rent_eur_per_t": -0.5},
        {"delivery_from": date(2027, 3, 16), "delivery_until": date(2027, 3, 15)},
    ],
)
def test_the_database_refuses_impossible_terms(db: Session, columns: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError):
        _proposal(db, **columns)


def test_the_api_body_carries_loads_price_and_window(db: Session) -> None:
    body = proposal_body(_proposal(db, **TERMS)).model_dump(mode="json")
    assert body["loads"] == 2
    assert body["suggested_price_eur_per_t"] == -3.4
    assert (body["delivery_from"], body["delivery_until"]) == ("2027-03-16", "2027-07-31")
    assert "lot_rent_eur_per_t" not in body  # the supplier's gain is the coordinator's view


def test_the_map_lines_carry_the_price_in_cents_and_none_without_one(db: Session) -> None:
    proposal = _proposal(db, suggested_price_eur_per_t=12.504)
    assert flow_lines([proposal], {proposal.id: "A"})[0]["price"] == 12.5
    proposal.suggested_price_eur_per_t = None
    assert flow_lines([proposal], {proposal.id: "A"})[0]["price"] is None


def _left(lot_id: int, code: str, left_t: float) -> RunExplanation:
    return RunExplanation(lot_id=lot_id, code=code, text=f"engine says {code}", left_t=left_t)


#: An organic livestock farm, an organic arable farm, a conventional livestock farm.
FARMS = [
    {"id": "F1", "status": "organic", "own_manure_n_kg": 3000.0},
    {"id": "F2", "status": "organic", "own_manure_n_kg": 0.0},
    {"id": "F3", "status": "conventional", "own_manure_n_kg": 9000.0},
]


def _lot(
    lot_id: str, farm: str, tonnes: float, outlet: float | None, status: str
) -> dict[str, Any]:
    return {
        "id": lot_id,
        "farm": farm,
        "tonnes": tonnes,
        "outlet_eur_per_t": outlet,
        "origin": {"status": status},
    }


def test_the_legal_surplus_left_is_grouped_by_reason_with_its_tonnes() -> None:
    snapshot = {
        "farms": FARMS,
        "lots": [
            _lot("L1", "F1", 500.0, 14.0, "organic"),
            _lot("L2", "F1", 300.0, 17.5, "organic"),
            _lot("L3", "F1", 200.0, 14.0, "organic"),
            _lot("L4", "F1", 80.0, 0.0, "organic"),  # compost: sold, no surplus
            _lot("L5", "F1", 90.0, None, "organic"),  # no outlet given
            _lot("L6", "F2", 70.0, 5.0, "organic"),  # a farm without animals
            _lot("L7", "F3", 600.0, 17.5, "conventional"),  # the conventional outlet is open
        ],
    }
    left = [
        _left(1, "n_room_full", 120.0),
        _left(2, "no_receiver_in_reach", 300.0),
        _left(3, "n_room_full", 50.0),
        _left(4, "not_worth_transport", 80.0),
        _left(5, "no_receiver_in_reach", 90.0),
        _left(6, "no_receiver_in_reach", 70.0),
        _left(7, "category_c", 600.0),
    ]
    surplus = legal_surplus(snapshot, left)
    assert (surplus.offered_t, surplus.left_t, surplus.placed_t) == (1000.0, 470.0, 530.0)
    rows = [(r.code, r.lots, r.left_t) for r in surplus.reasons]
    assert rows == [("no_receiver_in_reach", 1, 300.0), ("n_room_full", 2, 170.0)]


def test_a_run_without_outlet_costs_has_no_legal_surplus() -> None:
    snapshot = {"farms": FARMS, "lots": [{"id": "L1", "farm": "F1", "tonnes": 500.0}]}
    surplus = legal_surplus(snapshot, [_left(1, "x", 500.0)])
    assert (surplus.offered_t, surplus.left_t, surplus.reasons) == (0.0, 0.0, ())
    assert legal_surplus(None, []).offered_t == 0.0


def test_rejected_proposals_are_not_on_the_map(db: Session) -> None:
    proposal = _proposal(db, suggested_price_eur_per_t=5.0)
    proposal.review_status = ReviewStatus.REJECTED
    assert flow_lines([proposal], {proposal.id: "A"}) == []


@pytest.mark.parametrize("new_tonnes", [70.0, 90.0])
def test_adjusting_a_load_priced_proposal_takes_whole_loads_at_the_same_price_a_load(
    db: Session, new_tonnes: float
) -> None:
    """120 t in 4 tanker loads at € 151.50 a load; a coordinator sets fewer tonnes: the
    loads become ⌈tonnes / the tanker's load⌉ (90 t: exactly 3), the cost follows them, and
    the suggested price per tonne stays."""
    proposal = _proposal(db, tonnes=120.0, loads=4, cost_eur=606.0, suggested_price_eur_per_t=9.5)
    coordinator = add_user(db, "coo@example.nl", Role.COORDINATOR, None)
    change = parse(AdjustInput, {"tonnes": new_tonnes})
    adjust_tonnes(db, proposal, coordinator.id, change, POLICY_DEFAULTS, date(2026, 6, 1))
    loads = ceil(new_tonnes / load_t(proposal.lot.kind) - 1e-9)
    assert loads < 4
    assert (proposal.tonnes, proposal.loads) == (new_tonnes, loads)
    assert proposal.cost_eur == pytest.approx(151.5 * loads)
    assert proposal.suggested_price_eur_per_t == 9.5
