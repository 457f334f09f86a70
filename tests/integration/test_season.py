"""A season on the demo data, driven through the JSON API: runs, approvals, answers, deliveries.

Issue 10 ("the season loop conserves every tonne"): a second run once proposed the tonnes the
first had already committed, and a refused approval spoke English in the Dutch UI. Here the
demo market (`market.demo.seed`, what `make run` loads) goes through a season as a
coordinator and the farms would drive it: `POST /api/v1/runs`, the run solved by the worker's
own pipeline in-process (`worker.pipeline`, as the `run_matching` task calls it), `GET
/api/v1/proposals?run_id=…`, every proposal approved, the farms accept (one declines),
deliveries are booked; then the next run. After every run, for every lot and request: what
is committed plus what the run proposes stays within what is listed, and a run proposes only
what is still open. The third run is started twice and solved out of order: the plan written
last supersedes the other's unreviewed proposals (it read the market after it), so no two
plans stay open on the same tonnes. On SQLite (the embedded install) and on PostgreSQL.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from config import Settings
from market.accounts.services.api_tokens import issue_token
from market.core.clock import today
from market.core.db import engine_for_url, upgrade
from market.demo.seed import seed_demo
from market.models import Farm, Lot, Proposal, Request, ReviewStatus, Role, User
from market.proposals.services.balance import Balance, lot_balances, request_balances
from tests.conftest import running_app, settings_for, state
from tests.factories import add_user
from tests.pg import throwaway_database
from tests.worker.test_pipeline import run_inline
from worker.context import WorkerContext

pytestmark = pytest.mark.integration

#: Tonnes and kg N: the API writes them to the gram (`market.core.schemas.units.API_FINER`),
#: and the farms here weigh what it says, so a lot's deliveries may pass its stored
#: proposals by half a gram a row; a tonne proposed twice is a million times more.
TOL = 1e-5
COORDINATOR = "coordinator@demo.mestmatch.nl"
REFUSALS = {"lot_taken", "request_taken"}


@dataclass
class Season:
    """The app on a demo database, a client, and the tokens of the coordinator and of one
    user per farm."""

    app: Flask
    client: FlaskClient
    coordinator: str
    farm_tokens: dict[int, str]

    def call(self, token: str, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def run(self) -> int:
        """Start a run over the whole market through the API; returns its id (queued)."""
        started = self.call(self.coordinator, "POST", "/runs", json={})
        assert started.status_code == 201, started.get_json()
        return int(started.get_json()["id"])

    def solve(self, run_id: int) -> None:
        ctx = WorkerContext(state(self.app).settings)
        try:
            assert run_inline(ctx, run_id, f"season-{run_id}") == "solved"
        finally:
            ctx.dispose()
        assert self.call(self.coordinator, "GET", f"/runs/{run_id}").get_json()["status"] == (
            "solved"
        )

    def proposals(self, run_id: int) -> list[dict[str, Any]]:
        """Every proposal of the run, read page by page through the API."""
        rows: list[dict[str, Any]] = []
        page = 1
        while True:
            path = f"/proposals?run_id={run_id}&per_page=50&page={page}"
            answer = self.call(self.coordinator, "GET", path).get_json()
            rows += answer["items"]
            if len(rows) >= answer["total"]:
                return rows
            page += 1

    def approve(self, proposal_id: int, language: str = "nl") -> TestResponse:
        headers = {"If-Match": "*", "Accept-Language": language}
        return self.call(
            self.coordinator, "POST", f"/proposals/{proposal_id}/approve", headers=headers
        )

    def answer(self, proposal: dict[str, Any], side: str, verdict: str) -> TestResponse:
        token = self.farm_tokens[proposal[f"{side}_farm_id"]]
        return self.call(token, "POST", f"/proposals/{proposal['id']}/{verdict}")

    def deliver(self, proposal: dict[str, Any], tonnes: float) -> TestResponse:
        body = {
            "proposal_id": proposal["id"],
            "delivered_on": today(state(self.app).settings).isoformat(),
            "weighed_tonnes": tonnes,
            # Weighed today, whatever the spreading period the proposal names: the receivers
            # store it (a delivery outside the window is refused unless that is confirmed).
            "confirm_outside_window": True,
        }
        token = self.farm_tokens[proposal["supplier_farm_id"]]
        return self.call(token, "POST", "/deliveries", json=body)

    def balances(self) -> tuple[dict[int, Balance], dict[int, Balance]]:
        """Every lot's balance (t) and every request's (kg N), by id, as committed now."""
        with state(self.app).session_factory() as session:
            lots = session.scalars(select(Lot)).all()
            requests = session.scalars(select(Request)).all()
            return lot_balances(session, lots), request_balances(session, requests)

    def statuses(self, run_ids: list[int]) -> dict[int, ReviewStatus]:
        with state(self.app).session_factory() as session:
            rows = session.execute(
                select(Proposal.id, Proposal.review_status).where(Proposal.run_id.in_(run_ids))
            )
            return {pid: status for pid, status in rows}


@pytest.fixture(params=["sqlite", pytest.param("pg")])
def season(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite: Path
) -> Iterator[Season]:
    instance = tmp_path / "instance"
    instance.mkdir()
    with ExitStack() as stack:
        if request.param == "sqlite":
            shutil.copyfile(migrated_sqlite, instance / "mestmatch.sqlite3")
            settings = settings_for(instance)
        else:
            url = stack.enter_context(throwaway_database("season"))
            upgrade(url)
            settings = settings_for(instance, DATABASE_URL=url)
        coordinator, farm_tokens = _seed(settings)
        app = stack.enter_context(running_app(settings))
        yield Season(app, app.test_client(), coordinator, farm_tokens)


def _seed(settings: Settings) -> tuple[str, dict[int, str]]:
    """The demo data as `make run` loads it, a write token for the demo coordinator, and one
    account with a write token per farm (the demo has accounts for two farms only)."""
    engine = engine_for_url(settings.database_url)
    with Session(engine) as session:
        assert seed_demo(session, today(settings)).created
        user = session.scalars(select(User).where(User.email == COORDINATOR)).one()
        coordinator = issue_token(session, user, "season", "write")[1]
        tokens = {}
        for farm in session.scalars(select(Farm).order_by(Farm.id)):
            owner = add_user(session, f"farm{farm.id}@season.test", Role.ARABLE_FARMER, farm)
            tokens[farm.id] = issue_token(session, owner, "season", "write")[1]
        session.commit()
    engine.dispose()
    return coordinator, tokens


def per_listing(rows: list[dict[str, Any]]) -> tuple[dict[int, float], dict[int, float]]:
    """Σ tonnes per lot and Σ kg N per request of `rows`."""
    tonnes: dict[int, float] = defaultdict(float)
    n_kg: dict[int, float] = defaultdict(float)
    for row in rows:
        tonnes[row["lot_id"]] += row["tonnes"]
        n_kg[row["request_id"]] += row["n_kg"]
    return tonnes, n_kg


def assert_within_listings(season: Season, proposed: list[dict[str, Any]]) -> None:
    """Committed (every run, every delivery) + `proposed` ≤ listed, per lot and request."""
    lots, requests = season.balances()
    tonnes, n_kg = per_listing(proposed)
    for lot_id, balance in lots.items():
        assert balance.committed + tonnes[lot_id] <= balance.offered + TOL, (lot_id, balance)
    for request_id, balance in requests.items():
        assert balance.committed + n_kg[request_id] <= balance.offered + TOL, (request_id, balance)


def assert_only_open_proposed(
    before: tuple[dict[int, Balance], dict[int, Balance]], proposed: list[dict[str, Any]]
) -> None:
    """The run proposed, per lot and request, no more than was open when it started."""
    lots, requests = before
    tonnes, n_kg = per_listing(proposed)
    for lot_id, placed in tonnes.items():
        assert placed <= lots[lot_id].open + TOL, (lot_id, placed, lots[lot_id])
    for request_id, met in n_kg.items():
        assert met <= requests[request_id].open + TOL, (request_id, met, requests[request_id])


def approve_all(season: Season, rows: list[dict[str, Any]]) -> list[TestResponse]:
    """Approve every proposal (in Dutch); a refusal is the guard's, and reads Dutch."""
    refused = []
    for row in rows:
        answer = season.approve(row["id"])
        if answer.status_code == 200:
            continue
        assert answer.status_code == 422, answer.get_json()
        refused.append(answer)
        [error] = answer.get_json()["errors"]
        assert error["code"] in REFUSALS, error
        english = season.approve(row["id"], "en").get_json()["errors"][0]
        assert english["code"] == error["code"]
        assert error["detail"] != english["detail"], f"untranslated: {error['detail']}"
        if error["code"] == "lot_taken":
            assert error["detail"].startswith("Van deze partij kan nog"), error["detail"]
    return refused


def test_a_season_of_runs_commits_each_tonne_once(season: Season) -> None:
    # Run 1 on the empty market: every proposal fits and is approved.
    first = season.run()
    season.solve(first)
    run1 = season.proposals(first)
    assert run1, "the demo market proposes deliveries"
    assert_within_listings(season, run1)
    assert approve_all(season, run1) == []
    assert_within_listings(season, [])

    # The farms answer: one receiver declines (freeing its tonnes), the rest accept both
    # sides; deliveries are booked on every other accepted proposal, in two loads.
    declined = run1[-1]
    assert season.answer(declined, "receiver", "decline").status_code == 200
    accepted = run1[:-1]
    for row in accepted:
        for side in ("supplier", "receiver"):
            assert season.answer(row, side, "accept").status_code == 200
    for row in accepted[::2]:
        load = round(0.6 * row["tonnes"], 3)
        assert season.deliver(row, load).status_code == 201
        assert season.deliver(row, row["tonnes"] - load).status_code == 201
    assert_within_listings(season, [])

    # Run 2 proposes only what is open: what run 1 left, and the declined proposal's share.
    before = season.balances()
    second = season.run()
    season.solve(second)
    run2 = season.proposals(second)
    assert_only_open_proposed(before, run2)
    assert_within_listings(season, run2)
    taken = {lot_id for lot_id, balance in before[0].items() if balance.open <= TOL}
    assert taken, "run 1 committed some lot in full"
    assert not {row["lot_id"] for row in run2} & taken, "run 2 proposed committed tonnes again"
    open_t = sum(balance.open for balance in before[0].values())
    assert sum(row["tonnes"] for row in run2) <= open_t + TOL
    assert sum(row["tonnes"] for row in run2) < sum(row["tonnes"] for row in run1)
    assert run2, "the declined proposal's tonnes are open again"
    waiting = sorted(run2, key=lambda row: row["tonnes"])[:1]  # left unreviewed
    assert approve_all(season, [row for row in run2 if row not in waiting]) == []
    assert_within_listings(season, waiting)

    # Run 3, started twice; the later one is solved first, so the earlier one's plan is
    # written after it, reads the same open market, and supersedes it.
    before = season.balances()
    third_a, third_b = season.run(), season.run()
    season.solve(third_b)
    run3b = season.proposals(third_b)
    assert run3b, "the unreviewed proposal's tonnes are open again"
    season.solve(third_a)
    statuses = season.statuses([first, second, third_b])
    for row in [*waiting, *run3b]:
        assert statuses[row["id"]] is ReviewStatus.SUPERSEDED
    assert ReviewStatus.PROPOSED not in statuses.values()
    run3a = season.proposals(third_a)
    assert_only_open_proposed(before, run3a)
    assert_within_listings(season, run3a)
    assert approve_all(season, run3a) == []
    assert all(season.approve(row["id"]).status_code == 422 for row in run3b)
    assert_within_listings(season, [])
