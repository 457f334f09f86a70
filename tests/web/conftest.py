"""The web tests' marketplace: two farms with listings, their farmers, a coordinator and a
disabled account. The app, the client and the log-in helpers are in `tests/conftest.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import AnalysisSource, FarmStatus, ListingStatus, Role
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_request, add_user

# Both farms in the middle of the country, not yet approved (the approval tests approve them).
PENDING_FARM: dict[str, Any] = {"approved": False, "lat": 52.1, "lon": 5.3}
# Lots on the standard figures (no P and K), requests open from New Year, at any distance.
STANDARD_LOT: dict[str, Any] = {
    "analysis_source": AnalysisSource.STANDARD,
    "p2o5_kg_per_t": 0.0,
    "k2o_kg_per_t": 0.0,
    "available_from": date(2026, 1, 1),
}
OPEN_REQUEST: dict[str, Any] = {"max_distance_km": None, "wanted_from": date(2026, 1, 1)}


@dataclass(frozen=True)
class Market:
    """The e-mail addresses and farm names of what `marketplace` put in the database."""

    livestock_email: str
    arable_email: str
    coordinator_email: str
    disabled_email: str
    livestock_farm: str
    arable_farm: str


@pytest.fixture
def marketplace(app: Flask) -> Market:
    """Two farms with listings, one farmer each, a coordinator and a disabled account."""
    with state(app).session_factory() as session:
        hoeve = add_farm(session, "De Hoeve", "Gelderland", **PENDING_FARM)
        akker = add_farm(session, "Akkerbouw Zeeland", "Zeeland", **PENDING_FARM)
        add_user(session, "veehouder@example.nl", Role.LIVESTOCK_FARMER, hoeve)
        add_user(session, "akkerbouwer@example.nl", Role.ARABLE_FARMER, akker)
        add_user(session, "coordinator@example.nl", Role.COORDINATOR, None)
        add_user(session, "weg@example.nl", Role.ARABLE_FARMER, akker, active=False)
        add_lot(session, hoeve, tonnes=1250.0, **STANDARD_LOT)
        add_lot(
            session, hoeve, "poultry_manure", FarmStatus.CONVENTIONAL, tonnes=80.0, **STANDARD_LOT
        )
        withdrawn = {"tonnes": 100.0, "status": ListingStatus.WITHDRAWN, **STANDARD_LOT}
        add_lot(session, hoeve, "pig_slurry", **withdrawn)
        add_request(session, akker, 4000.0, ["cattle_slurry", "champost"], **OPEN_REQUEST)
        add_request(session, hoeve, 900.0, **OPEN_REQUEST)
        session.commit()
    return Market(
        "veehouder@example.nl",
        "akkerbouwer@example.nl",
        "coordinator@example.nl",
        "weg@example.nl",
        "De Hoeve",
        "Akkerbouw Zeeland",
    )


@pytest.fixture
def coordinator(client: FlaskClient, marketplace: Market) -> FlaskClient:
    """The client logged in as the marketplace's coordinator."""
    log_in(client, marketplace.coordinator_email)
    return client
