"""Two coordinators approve at the same moment; together they would exceed the lot.

On PostgreSQL, with real concurrent transactions: the test holds the lot's row lock while
two approvals start in two threads (two web requests, two sessions), so both are certainly
in flight together; then it lets go. Exactly one approval may succeed. Without the row
lock in `services.capacity` both would read the same approved total and both succeed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from market.core.app import create_app
from market.core.broker import ensure_broker_folders
from market.core.db import engine_for_url, upgrade
from market.models import Proposal, ReviewStatus
from tests.api.conftest import World, seed_world
from tests.api.conftest import proposal as add_proposal
from tests.conftest import settings_for
from tests.pg import throwaway_database

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A database of our own on the server of TEST_DATABASE_URL, dropped afterwards."""
    with throwaway_database("api") as url:
        upgrade(url)
        yield url


@pytest.fixture
def pg_app(pg_url: str, tmp_path: Path) -> Iterator[tuple[Flask, World]]:
    engine = engine_for_url(pg_url)
    with Session(engine) as session:
        world = seed_world(session, tmp_path)
        session.commit()
    settings = settings_for(tmp_path / "instance", DATABASE_URL=pg_url)
    ensure_broker_folders(settings)
    app = create_app(settings)
    yield app, world
    app.extensions["mestmatch"].session_factory.kw["bind"].dispose()
    with engine.begin() as conn:
        names = "audit_log, idempotency_keys, api_tokens, deliveries, run_explanations"
        conn.execute(
            text(
                f"TRUNCATE {names}, proposals, run_components, match_runs, lots, "
                "requests, users, farms RESTART IDENTITY CASCADE"
            )
        )
    engine.dispose()


def test_two_approvals_that_exceed_the_lot_exactly_one_succeeds(
    pg_app: tuple[Flask, World], pg_url: str
) -> None:
    app, world = pg_app
    engine = engine_for_url(pg_url)
    with Session(engine) as session:
        # 170 t are approved; two proposals of 300 t each fit alone, not together (500 t lot).
        _, second = add_proposal(session, world.lot, world.request, 300.0, ReviewStatus.PROPOSED)
        session.commit()
    statuses: list[int] = []
    with engine.connect() as holder, holder.begin():
        holder.execute(text("SELECT id FROM lots WHERE id = :id FOR UPDATE"), {"id": world.lot})
        threads = [
            threading.Thread(target=_approve, args=(app, world, pid, statuses))
            for pid in (world.proposed, second)
        ]
        for thread in threads:
            thread.start()
        _wait_for_lock_waiters(engine, threads)
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 422]
    with Session(engine) as session:
        approved = session.scalars(
            select(Proposal.tonnes).where(
                Proposal.lot_id == world.lot, Proposal.review_status == ReviewStatus.APPROVED
            )
        ).all()
    engine.dispose()
    assert sum(approved) == pytest.approx(470.0)


def _approve(app: Flask, world: World, proposal_id: int, statuses: list[int]) -> None:
    client = app.test_client()
    response = client.post(
        f"/api/v1/proposals/{proposal_id}/approve",
        headers={"Authorization": f"Bearer {world.tokens['coordinator']}", "If-Match": "*"},
    )
    statuses.append(response.status_code)


def _wait_for_lock_waiters(engine: Engine, threads: list[threading.Thread]) -> None:
    """Until every approval waits for the lot's lock (so both are really in flight), or ended."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND datname = current_database()"
    )
    deadline = time.monotonic() + 20
    with engine.connect() as conn:
        while conn.execute(query).scalar_one() < len(threads):
            if not any(thread.is_alive() for thread in threads):
                return
            assert time.monotonic() < deadline, "the approvals never reached the lot's lock"
            time.sleep(0.05)
            conn.rollback()
