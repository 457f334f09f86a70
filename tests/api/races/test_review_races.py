"""The coordinator's operations on one lot's tonnes, sent at the same moment: none may
over-commit (issue 10). Each race is run `TRIES` times on fresh rows (the harness is in
`conftest.py`):
- two approvals of proposals from two runs that fit the lot alone, not together;
- an approval and an adjustment that fit alone, not together;
- "approve all" on two runs whose proposals share two lots, locked in opposite orders by
  anything but a fixed order (no deadlock, no 500, no over-commit).
"""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy.orm import Session

from market.models import MatchRun, ReviewStatus
from tests.api.races.conftest import TRIES, Market, posted
from tests.conftest import csrf_token, log_in
from tests.factories import add_proposal


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
