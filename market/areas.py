"""The market's feature areas, wired into one app: their pages, their API routes, their templates.

Each area is a package of the same shape (`views`, `api`, `services`, `schemas`, `forms`, and
`templates/` beside them); this module is the one list of them, read by the app factory.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from flask import Flask

from market.accounts.views import account, approvals, auth, farms, tokens
from market.audit import views as audit
from market.core import health, language
from market.core.api import init_api
from market.deliveries import views as deliveries
from market.figures import views as figures
from market.interest import views as interest
from market.listings.views import browse, demand, flagged, home, lots, market
from market.proposals.views import answers, decisions
from market.runs import views as runs

HERE = Path(__file__).resolve().parent
AREAS = (
    "accounts",
    "listings",
    "interest",
    "runs",
    "proposals",
    "deliveries",
    "figures",
    "audit",
)
AREA_DIRS = tuple(HERE / area for area in AREAS)
PAGES: tuple[ModuleType, ...] = (auth, account, farms, approvals, tokens, home, browse, lots)
PAGES += (
    demand,
    flagged,
    market,
    interest,
    runs,
    decisions,
    answers,
    deliveries,
    figures,
    audit,
    health,
    language,
)


def register_areas(app: Flask) -> None:
    """Register every area's blueprint, then the JSON API with every area's routes."""
    for module in PAGES:
        app.register_blueprint(module.bp)
    # Importing an area's `api` module adds its routes to the API blueprint (and to OpenAPI).
    from market.accounts import api as _accounts  # noqa: F401
    from market.core.api import openapi as _openapi  # noqa: F401
    from market.deliveries import api as _deliveries  # noqa: F401
    from market.interest import api as _interest  # noqa: F401
    from market.listings import api as _listings  # noqa: F401
    from market.proposals import api as _proposals  # noqa: F401
    from market.runs import api as _runs  # noqa: F401

    init_api(app)
