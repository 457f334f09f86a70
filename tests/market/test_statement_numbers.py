"""Statement numbers count per calendar year (of the day the statement speaks for) and give
a rolled-back number back, on both databases; the concurrent cases on PostgreSQL are in
`test_paper_numbers_concurrent`."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from market.deliveries.services.statements import issue_statement
from market.models import Request
from tests.factories import add_farm, add_request
from tests.market.test_services_statements import ON, POLICY

NEW_YEARS_EVE = date(2026, 12, 31)


def two_requests(db: Session) -> tuple[Request, Request]:
    """Two open requests of one farm, no manure on the market: each may have a statement."""
    farm = add_farm(db, "De Es")
    return add_request(db, farm, wanted_from=ON), add_request(db, farm, wanted_from=ON)


def number(db: Session, request: Request, on: date) -> str:
    return issue_statement(db, request, POLICY, on, None).statement.number


def test_numbers_start_again_at_one_each_calendar_year(db: Session) -> None:
    first, second = two_requests(db)
    numbers = [
        number(db, first, NEW_YEARS_EVE),
        number(db, second, NEW_YEARS_EVE),
        number(db, first, date(2027, 1, 1)),
        number(db, second, date(2027, 1, 2)),
    ]
    assert numbers == ["VNB-2026-000001", "VNB-2026-000002", "VNB-2027-000001", "VNB-2027-000002"]


def test_a_rolled_back_statement_gives_its_number_back(db: Session) -> None:
    first, second = two_requests(db)
    db.commit()
    assert number(db, first, ON) == "VNB-2026-000001"
    db.rollback()
    kept = [issue_statement(db, ask, POLICY, ON, None).statement for ask in (second, first)]
    assert [(s.year, s.serial, s.number) for s in kept] == [
        (2026, 1, "VNB-2026-000001"),
        (2026, 2, "VNB-2026-000002"),
    ]
