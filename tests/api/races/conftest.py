"""The harness of the races: operations that move tonnes, sent at the same moment.

Real threads, each with its own web request and session, on the embedded SQLite file and on
PostgreSQL. The test holds the lock every contender needs (PostgreSQL: the lot's row, `FOR
UPDATE`; SQLite: the database's write lock, `BEGIN IMMEDIATE`) while the contenders start,
so they are in flight together (on PostgreSQL it waits until each one waits for the lock;
SQLite cannot show its waiters, so it gives them a moment); then it lets go. Each race is run
`TRIES` times on fresh rows. The races themselves: the coordinator's in
`test_review_races.py`, the farms' in `test_farm_races.py`.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from market.core.db import engine_for_url, upgrade
from market.models import Farm, Lot, Proposal, ReviewStatus, utcnow
from market.proposals.services.balance import lot_balances
from tests.api.conftest import ANY_DISTANCE, NEW_YEAR, World, seed_world
from tests.api.conftest import proposal as solved_proposal
from tests.api.test_concurrency import _wait_for_lock_waiters
from tests.conftest import running_app, settings_for
from tests.factories import add_lot, add_request
from tests.pg import throwaway_database

TRIES = 12
#: The arable farm's hectares in the races: they are about a lot's tonnes, so its N room for
#: animal manure (R1, asked at every approval) takes all the tries' proposals (kg N/ha × ha).
AMPLE_HA = 10_000.0
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.integration)]
Contender = Callable[[], int]


@dataclass
class Market:
    """The app on one database, the seeded world's ids and tokens, and an engine of our own."""

    app: Flask
    world: World
    engine: Engine
    backend: str

    def api(self, role: str, method: str, path: str, **kwargs: Any) -> int:
        headers = {"Authorization": f"Bearer {self.world.tokens[role]}", "If-Match": "*"}
        response = self.app.test_client().open(
            f"/api/v1{path}", method=method, headers=headers, **kwargs
        )
        return response.status_code

    def fresh(self, tonnes: float = 500.0) -> tuple[int, int]:
        """A new lot of the livestock farm (`tonnes`) and a new request of the arable farm,
        whose land takes every try's N (`AMPLE_HA`)."""
        with Session(self.engine) as session:
            farms = self.world.farms
            lot = add_lot(
                session,
                session.get_one(Farm, farms["livestock"]),
                tonnes=tonnes,
                available_from=NEW_YEAR,
            )
            arable = session.get_one(Farm, farms["arable"])
            arable.area_ha = AMPLE_HA
            ask = add_request(session, arable, 40_000.0, **ANY_DISTANCE)
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
        writer = sqlite3.connect(path, isolation_level=None, timeout=15)
        try:
            writer.execute("BEGIN IMMEDIATE")
            yield
            time.sleep(0.3)
            writer.execute("COMMIT")
        finally:
            writer.close()

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

    _threads: list[threading.Thread] = field(default_factory=list)


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
