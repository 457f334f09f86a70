"""One Blueprint per area of the web app; `register_blueprints` wires them into an app."""

from __future__ import annotations

from flask import Flask

from market.views import (
    account,
    approvals,
    auth,
    decisions,
    deliveries,
    demand,
    farms,
    figures,
    health,
    home,
    i18n,
    listings,
    lots,
    proposals,
    review,
    tokens,
)


def register_blueprints(app: Flask) -> None:
    areas = (account, farms, approvals, listings, lots, demand, proposals, figures)
    areas += (review, decisions, deliveries, tokens)
    for module in (auth, health, home, i18n, *areas):
        app.register_blueprint(module.bp)
