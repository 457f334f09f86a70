"""Paper numbers on PostgreSQL with real concurrent transactions, for both papers the market
numbers (declarations of origin, "VVH"; statements of non-availability, "VNB"): two issuers
at once never share a number, and an issue that is rolled back leaves no gap in the year's
register (an id sequence would have used up its number).

Each issuer is a thread with its own session on a throwaway database of this module, issuing
for a row of its own (a declaration: an agreed proposal of its own lot and request, booked as
a delivery; a statement: an open request of its own farm): the register's counter is all they
share. The first issuer keeps its transaction open after issuing while the second starts; the
test waits until the second waits for a lock, then commits or rolls back the first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from market.core.db import engine_for_url, upgrade
from market.deliveries.services.deliveries import deliver
from market.deliveries.services.statements import issue_statement
from market.models import Delivery, Proposal, Request, Statement
from tests.factories import add_farm, add_request
from tests.market.test_guarded_deliveries import FARMER, agreed, weighing
from tests.market.test_services_statements import ON, POLICY
from tests.pg import throwaway_database

pytestmark = pytest.mark.integration

ISSUERS = 8


@dataclass(frozen=True)
class Paper:
    """How the tests issue one paper: `rows` adds `count` rows to issue for (their ids),
    `issue` issues the paper for a row's id in a session (not committed) and gives its
    number, `column` holds its number and `order` is the register's order."""

    prefix: str
    rows: Callable[[Session, int], list[int]]
    issue: Callable[[Session, int], str]
    column: Any
    order: Any


def agreed_proposals(session: Session, count: int) -> list[int]:
    """`count` agreed proposals of cattle slurry, each of its own lot and request."""
    return [agreed(session).id for _ in range(count)]


def booked(session: Session, proposal_id: int) -> str:
    """The declaration's number of a delivery booked on `proposal_id`."""
    delivery = deliver(session, session.get_one(Proposal, proposal_id), weighing(), FARMER)
    assert delivery.declaration_of_origin_no is not None
    return delivery.declaration_of_origin_no


def open_requests(session: Session, count: int) -> list[int]:
    """`count` open requests, each of its own farm, with no lot on the market to serve them."""
    return [add_request(session, add_farm(session, f"Hof {n}")).id for n in range(count)]


def issued(session: Session, request_id: int) -> str:
    """The number of the statement issued for `request_id`."""
    request = session.get_one(Request, request_id)
    return issue_statement(session, request, POLICY, ON, None).statement.number


#: A delivery takes its id when inserted, its serial after: two bookers may take them in
#: other orders, so the declarations' register reads in the order of their serials.
DECLARATION = Paper(
    "VVH", agreed_proposals, booked, Delivery.declaration_of_origin_no, Delivery.declaration_serial
)
STATEMENT = Paper("VNB", open_requests, issued, Statement.number, Statement.id)


@pytest.fixture(scope="module")
def database() -> Iterator[Engine]:
    """This module's migrated database, dropped afterwards."""
    with throwaway_database("paper_numbers") as url:
        upgrade(url)
        made = engine_for_url(url)
        yield made
        made.dispose()


@pytest.fixture
def engine(database: Engine) -> Iterator[Engine]:
    """The module's database, emptied after each test: the counters start from nothing."""
    yield database
    with database.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE statements, paper_counters, requests, farms, match_runs"
                " RESTART IDENTITY CASCADE"
            )
        )


@pytest.fixture(params=[DECLARATION, STATEMENT], ids=["declaration", "statement"])
def paper(request: pytest.FixtureRequest) -> Paper:
    """Each paper the market numbers in a register of its own."""
    made: Paper = request.param
    return made


def rows(engine: Engine, paper: Paper, count: int) -> list[int]:
    """`count` rows to issue `paper` for, committed."""
    with Session(engine) as session:
        ids = paper.rows(session, count)
        session.commit()
    return ids


def issue(engine: Engine, paper: Paper, row_id: int, keep: bool = True) -> str:
    """Issue `paper` for `row_id` in a transaction of its own; commit it (`keep`) or roll it
    back (closing the session does). The number it was given."""
    with Session(engine) as session:
        number = paper.issue(session, row_id)
        if keep:
            session.commit()
    return number


def register(engine: Engine, paper: Paper) -> list[str | None]:
    """The numbers of `paper` kept, in the register's order."""
    with Session(engine) as session:
        return list(session.scalars(select(paper.column).order_by(paper.order)))


def number(paper: Paper, serial: int) -> str:
    """The number of `paper` of `serial` in 2026, "VVH-2026-000001"."""
    return f"{paper.prefix}-2026-{serial:06d}"


def waiting_for_a_lock(engine: Engine, thread: threading.Thread) -> None:
    """Until another session waits for a lock (or `thread` has ended)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND datname = current_database()"
    )
    deadline = time.monotonic() + 20
    with engine.connect() as conn:
        while conn.execute(query).scalar_one() < 1 and thread.is_alive():
            assert time.monotonic() < deadline, "the second issuer never waited"
            time.sleep(0.05)
            conn.rollback()


def second_while_first_open(engine: Engine, paper: Paper, keep_first: bool) -> tuple[str, str]:
    """The first issuer's number (its transaction open while the second starts, then
    committed or rolled back) and the second issuer's (committed)."""
    one, two = rows(engine, paper, 2)
    taken: list[str] = []
    with Session(engine) as first:
        first_number = paper.issue(first, one)
        second = threading.Thread(
            target=lambda: taken.append(issue(engine, paper, two)), daemon=True
        )
        second.start()
        waiting_for_a_lock(engine, second)
        assert second.is_alive(), "the second issuer did not wait for the first"
        if keep_first:
            first.commit()
        else:
            first.rollback()
    second.join(timeout=30)
    assert not second.is_alive() and len(taken) == 1
    return first_number, taken[0]


def test_a_second_issuer_waits_and_takes_the_next_number(engine: Engine, paper: Paper) -> None:
    first, second = number(paper, 1), number(paper, 2)
    assert second_while_first_open(engine, paper, keep_first=True) == (first, second)
    assert register(engine, paper) == [first, second]


def test_a_rolled_back_issue_gives_its_number_to_the_one_waiting(
    engine: Engine, paper: Paper
) -> None:
    first = number(paper, 1)
    assert second_while_first_open(engine, paper, keep_first=False) == (first, first)
    assert register(engine, paper) == [first]


def test_issuers_at_once_half_rolled_back_leave_a_register_without_gaps(
    engine: Engine, paper: Paper
) -> None:
    ids = rows(engine, paper, ISSUERS)
    start = threading.Barrier(ISSUERS)
    failures: list[BaseException] = []

    def issuer(row_id: int, keep: bool) -> None:
        try:
            start.wait(timeout=20)
            issue(engine, paper, row_id, keep)
        except BaseException as error:  # raised again below, in the test's thread
            failures.append(error)

    threads = [
        threading.Thread(target=issuer, args=(row_id, n % 2 == 0), daemon=True)
        for n, row_id in enumerate(ids)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures and not any(thread.is_alive() for thread in threads)
    kept = ISSUERS // 2
    assert register(engine, paper) == [number(paper, n) for n in range(1, kept + 1)]
    assert issue(engine, paper, rows(engine, paper, 1)[0]) == number(paper, kept + 1)
