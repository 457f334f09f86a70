"""A seeded marketplace for the API tests: built and migrated once, copied for each test.

Four accounts with one write token each (and a read token for the livestock farmer), three
approved farms, a lot, a request, and two runs whose proposals share the lot, so approving
both would place more than the lot holds. Copying a seeded SQLite file takes milliseconds,
so every test, including the permission matrix's hundred cases, starts from the same state.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from market.accounts.services.api_tokens import issue_token
from market.core.db import engine_for_url, upgrade
from market.models import (
    ComponentStatus,
    Farm,
    Proposal,
    ReviewStatus,
    Role,
    RunComponent,
    RunStatus,
    Thread,
    ThreadMessage,
)
from tests.api.seed import INSTANCE, SOLUTION
from tests.conftest import load, running_app, settings_for
from tests.factories import (
    add_delivery,
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    add_statement,
    add_user,
)

ROLES = ("anonymous", "livestock", "arable", "other", "coordinator")
#: All three farms stand at one place near Utrecht (52.1 N, 5.3 E), inside their provinces
#: (the province check allows 20 km: `market.core.boundaries`).
FARMS = (
    ("livestock", "De Hoeve", "Gelderland"),
    ("arable", "Akkerbouw Zeeland", "Utrecht"),
    ("other", "Derde Erf", "Utrecht"),
)
NEW_YEAR = date(2026, 1, 1)
# The arable farm takes 40,000 kg N of any kind and origin, from New Year, at any distance.
ANY_DISTANCE: dict[str, Any] = {
    "accept_nonorganic": True,
    "max_distance_km": None,
    "wanted_from": NEW_YEAR,
}
Call = Callable[..., TestResponse]


@dataclass(frozen=True)
class World:
    """Ids and token secrets of the seeded marketplace."""

    template: Path
    tokens: dict[str, str]
    farms: dict[str, int]
    lot: int
    request: int
    run: int
    approved: int
    proposed: int
    agreed: int
    delivery: int
    statement: int
    thread: int


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = tmp_path_factory.mktemp("api") / "world.sqlite3"
    upgrade(f"sqlite:///{path}")
    engine = engine_for_url(f"sqlite:///{path}")
    with Session(engine) as session:
        built = seed_world(session, path)
        session.commit()
    engine.dispose()
    return built


def seed_world(session: Session, path: Path) -> World:
    """The marketplace of the API tests in any database; `path` is where it lives (SQLite)."""
    farms = {
        role: add_farm(session, name, province, lat=52.1, lon=5.3, skal_number=f"1234{number}")
        for number, (role, name, province) in enumerate(FARMS)
    }
    users = {
        role: add_user(session, f"{role}@example.nl", _role(role), farms.get(role))
        for role in ROLES[1:]
    }
    tokens = {role: issue_token(session, user, "tests", "write")[1] for role, user in users.items()}
    tokens["reader"] = issue_token(session, users["livestock"], "reader", "read")[1]
    lot = add_lot(session, farms["livestock"], available_from=NEW_YEAR)
    request = add_request(session, farms["arable"], 40_000.0, **ANY_DISTANCE)
    run, approved = proposal(session, lot.id, request.id, 120.0, ReviewStatus.APPROVED)
    _, proposed = proposal(session, lot.id, request.id, 300.0, ReviewStatus.PROPOSED)
    _, agreed = proposal(session, lot.id, request.id, 50.0, ReviewStatus.APPROVED)
    delivery = add_delivery(session, session.get_one(Proposal, agreed)).id
    statement = add_statement(session, request).id
    thread = Thread(lot_id=lot.id, owner_farm_id=lot.farm_id, farm_id=request.farm_id)
    session.add(ThreadMessage(thread=thread, farm_id=request.farm_id, body="Interesse?"))
    session.flush()
    return World(
        path,
        tokens,
        {role: farm.id for role, farm in farms.items()},
        lot.id,
        request.id,
        run,
        approved,
        proposed,
        agreed,
        delivery,
        statement,
        thread.id,
    )


def _role(role: str) -> Role:
    if role == "coordinator":
        return Role.COORDINATOR
    return Role.LIVESTOCK_FARMER if role == "livestock" else Role.ARABLE_FARMER


def proposal(
    session: Session, lot_id: int, request_id: int, tonnes: float, review: ReviewStatus
) -> tuple[int, int]:
    """A solved run (with instance and solution) proposing `tonnes` of the lot."""
    snapshot = {**INSTANCE, "listing_versions": {}}
    run = add_run(session, status=RunStatus.SOLVED, input_snapshot=snapshot)
    row = add_proposal(session, run, lot_id, request_id, tonnes, review_status=review)
    session.add(
        RunComponent(
            run_id=run.id,
            index=0,
            farm_count=2,
            instance=INSTANCE,
            status=ComponentStatus.SOLVED,
            solution=SOLUTION,
        )
    )
    session.flush()
    return run.id, row.id


@pytest.fixture
def api_app(world: World, tmp_path: Path) -> Iterator[Flask]:
    """The app on a fresh copy of the seeded database."""
    copy = tmp_path / "api.sqlite3"
    shutil.copyfile(world.template, copy)
    with running_app(settings_for(tmp_path / "instance", DATABASE_URL=f"sqlite:///{copy}")) as app:
        yield app


@pytest.fixture
def api_client(api_app: Flask) -> FlaskClient:
    return api_app.test_client()


@pytest.fixture
def call(api_client: FlaskClient, world: World) -> Call:
    """`call(role, method, path, json=..., headers=...)` with the role's token."""

    def send(role: str, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = dict(kwargs.pop("headers", None) or {})
        if role != "anonymous":
            headers.setdefault("Authorization", f"Bearer {world.tokens[role]}")
        return api_client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    return send


def farm_of(app: Flask, farm_id: int) -> Farm:
    return load(app, Farm, farm_id)
