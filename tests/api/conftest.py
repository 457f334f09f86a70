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
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from market.accounts.services.api_tokens import issue_token
from market.core.app import create_app
from market.core.broker import ensure_broker_folders
from market.core.db import engine_for_url, upgrade
from market.models import (
    ComponentStatus,
    Farm,
    FarmStatus,
    MatchRun,
    Proposal,
    ReviewStatus,
    Role,
    RunComponent,
    RunStatus,
)
from tests.api.seed import INSTANCE, SOLUTION, seed_delivery, seed_listings
from tests.web.conftest import add_farm, add_user, settings_for, state

ROLES = ("anonymous", "livestock", "arable", "other", "coordinator")
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
        "livestock": add_farm(session, "De Hoeve", "Gelderland", FarmStatus.ORGANIC),
        "arable": add_farm(session, "Akkerbouw Zeeland", "Zeeland", FarmStatus.ORGANIC),
        "other": add_farm(session, "Derde Erf", "Utrecht", FarmStatus.ORGANIC),
    }
    for number, farm in enumerate(farms.values()):
        farm.approved, farm.skal_number = True, f"1234{number}"
    users = {
        role: add_user(session, f"{role}@example.nl", _role(role), farms.get(role))
        for role in ROLES[1:]
    }
    tokens = {role: issue_token(session, user, "tests", "write")[1] for role, user in users.items()}
    tokens["reader"] = issue_token(session, users["livestock"], "reader", "read")[1]
    lot, request = seed_listings(session, farms["livestock"], farms["arable"])
    run, approved = proposal(session, lot.id, request.id, 120.0, ReviewStatus.APPROVED)
    _, proposed = proposal(session, lot.id, request.id, 300.0, ReviewStatus.PROPOSED)
    _, agreed = proposal(session, lot.id, request.id, 50.0, ReviewStatus.APPROVED)
    delivery = seed_delivery(session, session.get_one(Proposal, agreed))
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
    )


def _role(role: str) -> Role:
    if role == "coordinator":
        return Role.COORDINATOR
    return Role.LIVESTOCK_FARMER if role == "livestock" else Role.ARABLE_FARMER


def proposal(
    session: Session, lot_id: int, request_id: int, tonnes: float, review: ReviewStatus
) -> tuple[int, int]:
    """A solved run (with instance and solution) proposing `tonnes` of the lot."""
    run = MatchRun(
        scope={"region": None, "from": None, "until": None},
        params={},
        solver="highs",
        gap=1e-4,
        status=RunStatus.SOLVED,
        input_snapshot={**INSTANCE, "listing_versions": {}},
    )
    proposal = Proposal(
        run=run,
        lot_id=lot_id,
        request_id=request_id,
        tonnes=tonnes,
        n_kg=4.4 * tonnes,
        a_n_kg=4.4 * tonnes,
        animal_n_kg=4.4 * tonnes,
        distance_km=37.2,
        cost_eur=5.58 * tonnes,
        lot_version=1,
        request_version=1,
        review_status=review,
    )
    session.add(proposal)
    session.flush()
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
    return run.id, proposal.id


@pytest.fixture
def api_app(world: World, tmp_path: Path) -> Iterator[Flask]:
    """The app on a fresh copy of the seeded database."""
    copy = tmp_path / "api.sqlite3"
    shutil.copyfile(world.template, copy)
    settings = settings_for(tmp_path / "instance", DATABASE_URL=f"sqlite:///{copy}")
    ensure_broker_folders(settings)
    flask_app = create_app(settings)
    flask_app.config["TESTING"] = True
    yield flask_app
    state(flask_app).session_factory.kw["bind"].dispose()


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
    with state(app).session_factory() as session:
        farm = session.get(Farm, farm_id)
        assert farm is not None
        session.expunge_all()
        return farm
