"""Operations that move tonnes, sent at the same moment: none may over-commit (issue 10).

Real threads, each with its own web request and session, on the embedded SQLite file and on
PostgreSQL. The test holds the lock every contender needs (PostgreSQL: the lot's row, `FOR
UPDATE`; SQLite: the database's write lock, `BEGIN IMMEDIATE`) while the contenders start,
so they are in flight together (on PostgreSQL it waits until each one waits for the lock;
SQLite cannot show its waiters, so it gives them a moment); then it lets go. Each race is run
`TRIES` times on fresh rows:
- two approvals of proposals from two runs that fit the lot alone, not together;
- an approval and an adjustment that fit alone, not together;
- a farm's accept and decline of one proposal (exactly one answers);
- the same delivery form (one `submission_key`) posted twice (one delivery);
- "approve all" on two runs whose proposals share two lots, locked in opposite orders by
  anything but a fixed order (no deadlock, no 500, no over-commit).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from market.core.clock import today
from market.core.db import engine_for_url, upgrade
from market.models import (
    Delivery,
    Farm,
    FarmerResponse,
    Lot,
    MatchRun,
    Proposal,
    ReviewStatus,
    utcnow,
)
from market.proposals.services.balance import lot_balances
from tests.api.conftest import ANY_DISTANCE, NEW_YEAR, World, seed_world
from tests.api.conftest import proposal as solved_proposal
from tests.api.test_concurrency import _wait_for_lock_waiters
from tests.conftest import csrf_token, log_in, running_app, settings_for, state
from tests.factories import add_lot, add_proposal, add_request
from tests.pg import throwaway_database

TRIES = 12
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.integration)]
KEY_FIELD = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')
Contender = Callable[[], int]


@dataclass
class Market:
    """The app on one database, the seeded world's ids and tokens, and an engine of our own."""

    app: Flask
    world: World
    engine: Engine
    backend: str

    def api(self, role: str, method: str, path: str, **kwargs: object) -> int:
        headers = {"Authorization": f"Bearer {self.world.tokens[role]}", "If-Match": "*"}
        response = self.app.test_client().open(
            f"/api/v1{path}", method=method, headers=headers, **kwargs
        )
        return response.status_code

    def fresh(self, tonnes: float = 500.0) -> tuple[int, int]:
        """A new lot of the livestock farm (`tonnes`) and a new request of the arable farm."""
        with Session(self.engine) as session:
            farms = self.world.farms
            lot = add_lot(
                session,
                session.get_one(Farm, farms["livestock"]),
                tonnes=tonnes,
                available_from=NEW_YEAR,
            )
            ask = add_request(
                session, session.get_one(Farm, farms["arable"]), 40_000.0, **ANY_DISTANCE
            )
            session.commit()
            return lot.id, ask.id

    def proposed(
        self, lot_id: int, request_id: int, tonnes: float, status: ReviewStatus
    ) -> tuple[int, int]:
        """A proposal of `tonnes` in a solved run of its own: (run id, proposal id)."""
        with Session(self.engine) as session:
            run_id, proposal_id = solved_proposal(session, lot_id, request_id, tonnes, status)
            if status is ReviewStatus.APPROVED:
                session.get_one(Proposal, proposal_id).reviewed_at = utcnow()
            session.commit()
            return run_id, proposal_id

    def held(self, lot_id: int) -> float:
        with Session(self.engine) as session:
            lot = session.get_one(Lot, lot_id)
            return lot_balances(session, [lot])[lot_id].committed

    def proposal(self, proposal_id: int) -> Proposal:
        with Session(self.engine) as session:
            row = session.get_one(Proposal, proposal_id)
            session.expunge(row)
            return row

    @contextmanager
    def holding(self, lot_id: int, contenders: int) -> Iterator[None]:
        """Hold what the contenders must lock first while they start, then let go."""
        if self.backend == "pg":
            with self.engine.connect() as holder, holder.begin():
                holder.execute(
                    text("SELECT id FROM lots WHERE id = :id FOR UPDATE"), {"id": lot_id}
                )
                yield
                _wait_for_lock_waiters(self.engine, self._threads[-contenders:])
            return
        path = self.engine.url.database
        assert path
        holder = sqlite3.connect(path, isolation_level=None, timeout=15)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
            time.sleep(0.3)
            holder.execute("COMMIT")
        finally:
            holder.close()

    def race(self, lot_id: int, *contenders: Contender) -> list[int]:
        """Start every contender in a thread while holding the lot; their status codes (an
        exception in a contender is raised here)."""
        statuses: list[int] = []
        failures: list[BaseException] = []

        def contend(contender: Contender) -> None:
            try:
                statuses.append(contender())
            except BaseException as exc:  # raised again below, in the test's thread
                failures.append(exc)

        threads = [threading.Thread(target=contend, args=(c,), daemon=True) for c in contenders]
        self._threads = threads
        with self.holding(lot_id, len(threads)):
            for thread in threads:
                thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "a contender hangs"
        if failures:
            raise failures[0]
        return sorted(statuses)

    _threads: list[threading.Thread] | None = None


def posted(client: FlaskClient, url: str, form: dict[str, str]) -> int:
    """A browser's form post: its status code."""
    return client.post(url, data=form).status_code


@pytest.fixture(scope="module")
def races_pg_url() -> Iterator[str]:
    with throwaway_database("races") as url:
        upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def market(request: pytest.FixtureRequest, tmp_path: Path, world: World) -> Iterator[Market]:
    if request.param == "sqlite":
        copy = tmp_path / "races.sqlite3"
        shutil.copyfile(world.template, copy)
        url, seeded = f"sqlite:///{copy}", world
    else:
        url = request.getfixturevalue("races_pg_url")
        engine = engine_for_url(url)
        with Session(engine) as session:
            seeded = seed_world(session, tmp_path)
            session.commit()
        engine.dispose()
    engine = engine_for_url(url)
    try:
        with running_app(settings_for(tmp_path / "instance", DATABASE_URL=url)) as app:
            yield Market(app, seeded, engine, request.param)
    finally:
        if request.param == "pg":
            _empty(engine)
        engine.dispose()


def _empty(engine: Engine) -> None:
    with engine.begin() as conn:
        names = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version'"
            )
        ).scalars()
        conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))


def test_two_runs_approved_together_commit_the_lot_once(market: Market) -> None:
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        _, first = market.proposed(lot, ask, 300.0, ReviewStatus.PROPOSED)
        _, second = market.proposed(lot, ask, 300.0, ReviewStatus.PROPOSED)
        statuses = market.race(
            lot,
            partial(market.api, "coordinator", "POST", f"/proposals/{first}/approve"),
            partial(market.api, "coordinator", "POST", f"/proposals/{second}/approve"),
        )
        assert statuses == [200, 422]
        assert market.held(lot) == pytest.approx(300.0)


def test_an_approval_and_an_adjustment_together_commit_the_lot_once(market: Market) -> None:
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        _, approved = market.proposed(lot, ask, 200.0, ReviewStatus.APPROVED)
        _, waiting = market.proposed(lot, ask, 250.0, ReviewStatus.PROPOSED)
        statuses = market.race(
            lot,
            partial(market.api, "coordinator", "POST", f"/proposals/{waiting}/approve"),
            partial(
                market.api, "coordinator", "PATCH", f"/proposals/{approved}", json={"tonnes": 300.0}
            ),
        )
        assert statuses == [200, 422]
        assert market.held(lot) in (pytest.approx(450.0), pytest.approx(300.0))


def test_accept_and_decline_sent_together_exactly_one_answers(market: Market) -> None:
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        _, approved = market.proposed(lot, ask, 100.0, ReviewStatus.APPROVED)
        statuses = market.race(
            lot,
            partial(market.api, "arable", "POST", f"/proposals/{approved}/accept"),
            partial(market.api, "arable", "POST", f"/proposals/{approved}/decline"),
        )
        assert statuses == [200, 422]
        answered = market.proposal(approved).receiver_response
        assert answered in (FarmerResponse.ACCEPTED, FarmerResponse.DECLINED)


def test_the_same_delivery_form_sent_twice_at_once_books_one_delivery(market: Market) -> None:
    first = market.app.test_client()
    log_in(first, "livestock@example.nl")
    second = market.app.test_client()
    name = market.app.config["SESSION_COOKIE_NAME"]
    cookie = first.get_cookie(name)
    assert cookie is not None
    second.set_cookie(name, cookie.value)  # the same browser, its form sent twice
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        _, agreed = market.proposed(lot, ask, 20.0, ReviewStatus.APPROVED)
        with Session(market.engine) as session:
            row = session.get_one(Proposal, agreed)
            row.supplier_response = row.receiver_response = FarmerResponse.ACCEPTED
            session.commit()
        page = first.get(f"/deliveries/new/{agreed}")
        found = KEY_FIELD.search(page.get_data(as_text=True))
        assert found, "the delivery form carries its one-time key"
        form = {
            "csrf_token": csrf_token(page),
            "submission_key": found.group(1),
            "delivered_on": today(state(market.app).settings).isoformat(),
            "weighed_tonnes": "19,5",  # the page speaks Dutch
        }
        url = f"/deliveries/new/{agreed}"
        statuses = market.race(
            lot, partial(posted, first, url, form), partial(posted, second, url, form)
        )
        assert statuses == [302, 302]
        with Session(market.engine) as session:
            booked = session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.proposal_id == agreed)
            )
        assert booked == 1


def test_two_approve_alls_on_overlapping_runs_neither_deadlock_nor_overcommit(
    market: Market,
) -> None:
    coordinators = [market.app.test_client() for _ in range(2)]
    for client in coordinators:
        log_in(client, "coordinator@example.nl")
    tokens = [csrf_token(client.get("/review")) for client in coordinators]
    for _ in range(TRIES):
        (one, ask), (two, _) = market.fresh(500.0), market.fresh(500.0)
        runs = []
        for lots in ((one, two), (two, one)):  # each run's largest proposal on another lot
            run_id, _ = market.proposed(lots[0], ask, 300.0, ReviewStatus.PROPOSED)
            with Session(market.engine) as session:
                add_proposal(session, session.get_one(MatchRun, run_id), lots[1], ask, 250.0)
                session.commit()
            runs.append(run_id)
        statuses = market.race(
            one,
            *(
                partial(posted, client, f"/review/runs/{run}/approve-all", {"csrf_token": token})
                for client, run, token in zip(coordinators, runs, tokens, strict=True)
            ),
        )
        assert statuses == [302, 302]
        for lot in (one, two):
            assert market.held(lot) <= 500.0 + 1e-6
