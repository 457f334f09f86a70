"""Booking a delivery holds to its proposal: tolerance, dates, one-time keys, samples; and a
declined proposal stays declined.

`market.deliveries.services.deliveries.deliver` under the proposal's locks, on SQLite and
PostgreSQL. The figures repeat the faults found: 300 t weighed on a 9.5 t proposal, dates in
2019 and 2031, a double-submitted form, feather meal at 120 kg N/t.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.deliveries.schemas import Weighing
from market.deliveries.services.deliveries import Booking, deliver
from market.models import AuditEntry, Delivery, FarmerResponse, Proposal, ReviewStatus, Role
from market.proposals.schemas import AnswerInput
from market.proposals.services.answers import respond
from market.proposals.services.balance import lot_balance
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

TODAY = date(2026, 11, 30)
FARMER = Booking(today=TODAY, tolerance=0.10, user_id=1, coordinator=False)


def agreed(
    db: Session, tonnes: float = 9.5, kind: str = "cattle_slurry", n: float = 4.4
) -> Proposal:
    """An approved proposal of `tonnes` both farms accepted, approved on 1 November 2026."""
    lot = add_lot(db, add_farm(db, "De Hoeve"), kind, tonnes=500.0, n_kg_per_t=n)
    request = add_request(db, add_farm(db, "Akkerbouw Kampen", lat=52.56, lon=5.91), 40_000.0)
    return add_proposal(
        db,
        add_run(db),
        lot.id,
        request.id,
        tonnes,
        n_kg=n * tonnes,
        review_status=ReviewStatus.APPROVED,
        reviewed_at=datetime(2026, 11, 1, 9, tzinfo=UTC),
        supplier_response=FarmerResponse.ACCEPTED,
        receiver_response=FarmerResponse.ACCEPTED,
    )


def weighing(**fields: Any) -> Weighing:
    return parse(Weighing, {"delivered_on": date(2026, 11, 20), "weighed_tonnes": 9.5, **fields})


def test_deliveries_stay_within_the_tolerance_unless_a_coordinator_gives_a_reason(
    db: Session,
) -> None:
    proposal = agreed(db)
    with pytest.raises(ValidationError) as refused:
        deliver(db, proposal, weighing(weighed_tonnes=300), FARMER)
    error = refused.value.errors["weighed_tonnes"]
    assert (error.code, error.params) == (
        "over_tolerance",
        {"total": 300, "allowed": pytest.approx(10.45), "percent": 10},
    )
    deliver(db, proposal, weighing(weighed_tonnes=6), FARMER)
    deliver(
        db, proposal, weighing(weighed_tonnes=4.4), FARMER
    )  # 10.4 t, within 9.5 t + 10 % = 10.45 t
    with pytest.raises(ValidationError):
        deliver(db, proposal, weighing(weighed_tonnes=1), FARMER)
    with pytest.raises(ValidationError):  # a farmer's reason does not count
        deliver(db, proposal, weighing(weighed_tonnes=1, excess_reason="extra"), FARMER)
    coordinator = add_user(db, "coordinator@example.nl", Role.COORDINATOR, None)
    confirmed = Booking(today=TODAY, tolerance=0.10, user_id=coordinator.id, coordinator=True)
    deliver(db, proposal, weighing(weighed_tonnes=1, excess_reason="Nagewogen"), confirmed)
    logged = db.scalars(select(AuditEntry).where(AuditEntry.action == "delivery.excess")).one()
    assert logged.detail["reason"] == "Nagewogen"
    assert lot_balance(db, proposal.lot).delivered == pytest.approx(11.4)


@pytest.mark.parametrize(
    ("day", "code"), [(date(2019, 6, 1), "before_approval"), (date(2031, 1, 1), "date_future")]
)
def test_a_delivery_date_lies_between_the_approval_and_today(
    db: Session, day: date, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        deliver(db, agreed(db), weighing(delivered_on=day), FARMER)
    assert refused.value.errors["delivered_on"].code == code


def test_every_broken_rule_is_named_at_once_and_nothing_is_booked(db: Session) -> None:
    """A form with a date before the approval, too many tonnes and an unusual sample hears of
    all three in one answer, not one per round; a coordinator's excess is not logged then."""
    coordinator = add_user(db, "coordinator@example.nl", Role.COORDINATOR, None)
    confirmed = Booking(today=TODAY, tolerance=0.10, user_id=coordinator.id, coordinator=True)
    proposal = agreed(db)
    wrong = weighing(delivered_on=date(2019, 6, 1), weighed_tonnes=300, n_kg_per_t=40)
    with pytest.raises(ValidationError) as refused:
        deliver(db, proposal, wrong, FARMER)
    codes = {field: error.code for field, error in refused.value.errors.items()}
    assert codes == {
        "delivered_on": "before_approval",
        "weighed_tonnes": "over_tolerance",
        "n_kg_per_t": "unusual_figure",
    }
    excused = weighing(delivered_on=date(2019, 6, 1), weighed_tonnes=300, excess_reason="Nagewogen")
    with pytest.raises(ValidationError) as refused:
        deliver(db, proposal, excused, confirmed)
    assert list(refused.value.errors) == ["delivered_on"]
    assert db.scalar(select(func.count()).select_from(Delivery)) == 0
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_the_same_form_sent_twice_books_one_delivery(db: Session) -> None:
    proposal = agreed(db)
    key = Booking(today=TODAY, tolerance=0.10, user_id=1, coordinator=False, key="k" * 43)
    first = deliver(db, proposal, weighing(), key)
    again = deliver(db, proposal, weighing(), key)
    assert again.id == first.id
    assert db.scalar(select(func.count()).select_from(Delivery)) == 1


def test_an_unusual_sample_needs_confirming(db: Session) -> None:
    proposal = agreed(db)
    with pytest.raises(ValidationError) as refused:
        deliver(db, proposal, weighing(n_kg_per_t=40), FARMER)  # cattle slurry: 2.6–5.4
    assert refused.value.errors["n_kg_per_t"].code == "unusual_figure"
    booked = deliver(db, proposal, weighing(n_kg_per_t=40, confirm_unusual=True), FARMER)
    assert booked.n_kg_per_t == 40


def test_a_delivery_outside_the_proposals_window_needs_the_storage_confirmed(
    db: Session,
) -> None:
    """The fault found: a proposal for the spreading period 16 March–29 May 2027 booked on
    30 November 2026 without a word. Outside the window the receiver must store the manure
    (RULES.md, spreading calendar): refused until the weighing confirms it."""
    proposal = agreed(db)
    proposal.delivery_from, proposal.delivery_until = date(2026, 11, 10), date(2026, 11, 25)
    db.flush()
    for day in (date(2026, 11, 5), date(2026, 11, 28)):
        with pytest.raises(ValidationError) as refused:
            deliver(db, proposal, weighing(delivered_on=day, weighed_tonnes=1.0), FARMER)
        error = refused.value.errors["delivered_on"]
        assert error.code == "outside_window"
        assert error.params == {"start": date(2026, 11, 10), "end": date(2026, 11, 25)}
    inside = deliver(
        db, proposal, weighing(delivered_on=date(2026, 11, 10), weighed_tonnes=1.0), FARMER
    )
    stored = weighing(
        delivered_on=date(2026, 11, 28), weighed_tonnes=1.0, confirm_outside_window=True
    )
    late = deliver(db, proposal, stored, FARMER)
    assert inside.delivered_on == date(2026, 11, 10) and late.delivered_on == date(2026, 11, 28)
    # The delivery keeps that the receiver stores it; a day inside needs no storage.
    assert (inside.stored_until_spreading, late.stored_until_spreading) == (False, True)


def test_feather_meal_at_120_kg_n_per_tonne_is_delivered(db: Session) -> None:
    """Skal's input list has feather meal at about 120 kg N/t: physical, not refused."""
    proposal = agreed(db, tonnes=2.0, kind="mineral_n", n=120.0)
    booked = deliver(db, proposal, weighing(weighed_tonnes=2.0, n_kg_per_t=121.5), FARMER)
    assert (booked.kind, booked.n_kg) == ("mineral_n", pytest.approx(243.0))


def test_a_weighing_stays_within_the_engines_ceiling() -> None:
    """1e308 t once went into the ledger (a coordinator's excess) and came back as Infinity."""
    with pytest.raises(ValidationError) as refused:
        weighing(weighed_tonnes=1e308)
    assert refused.value.errors["weighed_tonnes"].code == "number_max"


def test_a_farm_cannot_accept_what_the_other_farm_declined(db: Session) -> None:
    proposal = agreed(db)
    proposal.supplier_response = proposal.receiver_response = FarmerResponse.PENDING
    supplier, receiver = proposal.farm_ids
    respond(db, proposal, receiver, AnswerInput(accept=False, reason="Geen opslag"))
    with pytest.raises(ValidationError) as refused:
        respond(db, proposal, supplier, AnswerInput(accept=True))
    assert refused.value.errors["proposal"].code == "other_declined"
