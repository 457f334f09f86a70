"""Fixtures for the web app: a migrated temporary SQLite database, an app, a client, a login.

Every test gets its own instance folder (database file and embedded broker folders), built
with the real migrations (`market.core.db.upgrade`), so the tests see the schema production sees.
CSRF protection stays on: the login helper reads the token from the form like a browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from config import Settings
from market.accounts.services.users import create_user
from market.core.app import create_app
from market.core.broker import ensure_broker_folders
from market.core.db import upgrade
from market.core.extensions import AppState
from market.models import AnalysisSource, Farm, FarmStatus, ListingStatus, Lot, Request, Role, User

PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass(frozen=True)
class Market:
    """The ids of what `market_data` put in the database."""

    livestock_email: str
    arable_email: str
    coordinator_email: str
    disabled_email: str
    livestock_farm: str
    arable_farm: str


def settings_for(instance_dir: Path, **environ: str) -> Settings:
    """Settings as `Settings.from_env` builds them, from an explicit environment only."""
    return Settings.from_env(
        {"MESTMATCH_ENV": "test", "MESTMATCH_INSTANCE": str(instance_dir), **environ}
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_for(tmp_path / "instance")


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    upgrade(settings.database_url)
    ensure_broker_folders(settings)
    flask_app = create_app(settings)
    flask_app.config["TESTING"] = True
    yield flask_app
    state(flask_app).session_factory.kw["bind"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def marketplace(app: Flask) -> Market:
    """Two farms with listings, one farmer each, a coordinator and a disabled account."""
    with state(app).session_factory() as session:
        hoeve = add_farm(session, "De Hoeve", "Gelderland", FarmStatus.ORGANIC)
        akker = add_farm(session, "Akkerbouw Zeeland", "Zeeland", FarmStatus.ORGANIC)
        add_user(session, "veehouder@example.nl", Role.LIVESTOCK_FARMER, hoeve)
        add_user(session, "akkerbouwer@example.nl", Role.ARABLE_FARMER, akker)
        add_user(session, "coordinator@example.nl", Role.COORDINATOR, None)
        add_user(session, "weg@example.nl", Role.ARABLE_FARMER, akker, active=False)
        add_lot(session, hoeve, "cattle_slurry", FarmStatus.ORGANIC, tonnes=1250.0)
        add_lot(session, hoeve, "poultry_manure", FarmStatus.CONVENTIONAL, tonnes=80.0)
        add_lot(session, hoeve, "pig_slurry", FarmStatus.ORGANIC, status=ListingStatus.WITHDRAWN)
        add_request(session, akker, 4000.0, ["cattle_slurry", "champost"])
        add_request(session, hoeve, 900.0, None)
        session.commit()
    return Market(
        "veehouder@example.nl",
        "akkerbouwer@example.nl",
        "coordinator@example.nl",
        "weg@example.nl",
        "De Hoeve",
        "Akkerbouw Zeeland",
    )


def state(app: Flask) -> AppState:
    return app.extensions["mestmatch"]


def add_farm(session: Session, name: str, province: str, status: FarmStatus) -> Farm:
    farm = Farm(
        name=name,
        status=status,
        lat=52.1,
        lon=5.3,
        province=province,
        area_ha=40.0,
        own_manure_status=status,
    )
    session.add(farm)
    session.flush()
    return farm


def add_user(
    session: Session, email: str, role: Role, farm: Farm | None, *, active: bool = True
) -> User:
    """An account made by the data layer's service, as the product makes them."""
    user = create_user(session, email, PASSWORD, role, name=email.split("@")[0].title(), farm=farm)
    user.active = active
    session.flush()
    return user


def add_lot(
    session: Session,
    farm: Farm,
    kind: str,
    origin: FarmStatus,
    *,
    tonnes: float = 100.0,
    status: ListingStatus = ListingStatus.OPEN,
) -> Lot:
    lot = Lot(
        farm=farm,
        kind=kind,
        tonnes=tonnes,
        n_kg_per_t=4.4,
        origin_status=origin,
        analysis_source=AnalysisSource.STANDARD,
        available_from=date(2026, 1, 1),
        status=status,
    )
    session.add(lot)
    session.flush()
    return lot


def add_request(session: Session, farm: Farm, n_kg: float, kinds: list[str] | None) -> Request:
    request = Request(farm=farm, n_kg=n_kg, kinds=kinds, wanted_from=date(2026, 1, 1))
    session.add(request)
    session.flush()
    return request


def csrf_token(page: TestResponse) -> str:
    """The hidden CSRF field of the (first) form on a page."""
    found = CSRF_FIELD.search(page.get_data(as_text=True))
    assert found, "page has no CSRF token"
    return found.group(1)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Post the log-in form the way a browser does: token from the page, then the fields."""
    token = csrf_token(client.get("/login"))
    data = {"csrf_token": token, "email": email, "password": password}
    return client.post("/login", data=data)


def log_out(client: FlaskClient) -> TestResponse:
    """Every page's header carries the log-out form; a plain error page is the lightest one."""
    token = csrf_token(client.get("/no-such-page"))
    return client.post("/logout", data={"csrf_token": token})
