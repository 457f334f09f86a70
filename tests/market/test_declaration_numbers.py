"""Declarations of origin are numbered per calendar year (of the delivery's day) without
gaps, in a register of their own: a batch without animal manure takes no number, and a
rolled-back booking gives its number back, on both databases; the concurrent cases on
PostgreSQL are in `test_paper_numbers_concurrent`."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from market.deliveries.services.deliveries import Booking, deliver
from market.models import Delivery, Proposal
from tests.market.test_guarded_deliveries import agreed, weighing

NOVEMBER = date(2026, 11, 20)
BOOKING = Booking(today=date(2027, 1, 10), tolerance=0.10, user_id=1, coordinator=False)


def booked(
    db: Session, proposal: Proposal, day: date = date(2026, 11, 20), **papers: str
) -> Delivery:
    """One tonne of `proposal` delivered on `day`, with the papers the weighing gives."""
    return deliver(db, proposal, weighing(delivered_on=day, weighed_tonnes=1, **papers), BOOKING)


def numbered(delivery: Delivery) -> tuple[int | None, int | None, str | None]:
    return (
        delivery.declaration_year,
        delivery.declaration_serial,
        delivery.declaration_of_origin_no,
    )


def test_numbers_start_again_at_one_each_calendar_year(db: Session) -> None:
    proposal = agreed(db, tonnes=100.0)
    days = (NOVEMBER, date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2))
    assert [numbered(booked(db, proposal, day)) for day in days] == [
        (2026, 1, "VVH-2026-000001"),
        (2026, 2, "VVH-2026-000002"),
        (2027, 1, "VVH-2027-000001"),
        (2027, 2, "VVH-2027-000002"),
    ]


def test_a_batch_without_animal_manure_takes_no_number_from_the_register(db: Session) -> None:
    slurry, compost = agreed(db, tonnes=100.0), agreed(db, 100.0, "green_compost")
    deliveries = [
        booked(db, slurry),
        booked(db, compost, declaration_of_origin_no="Eigen verklaring 17"),
        booked(db, slurry),
    ]
    assert [numbered(delivery) for delivery in deliveries] == [
        (2026, 1, "VVH-2026-000001"),
        (None, None, "Eigen verklaring 17"),  # as the weighing gave it
        (2026, 2, "VVH-2026-000002"),
    ]


def test_a_rolled_back_delivery_gives_its_number_back(db: Session) -> None:
    first, second = agreed(db, tonnes=100.0), agreed(db, tonnes=100.0)
    db.commit()
    assert booked(db, first).declaration_of_origin_no == "VVH-2026-000001"
    db.rollback()
    kept = [numbered(booked(db, proposal)) for proposal in (second, first)]
    assert kept == [(2026, 1, "VVH-2026-000001"), (2026, 2, "VVH-2026-000002")]
