"""The front page: for visitors what mestmatch does, for users the market.

A visitor (not logged in) gets the landing page: what the service does for livestock
farmers, arable farmers and coordinators, this year's public figures (the figures area's,
with its privacy threshold) and the buttons to log in or sign up. A logged-in user gets the
market: every lot (aanbod) and request (vraag) with something still open, at what is open
(`market.proposals.services.balance`: offered less what approved proposals and deliveries
hold), as the market's own lot and request pages show them; a fully taken one is left out.

Listings are public market information, so every logged-in user sees all of them; a
farmer's own listings are marked. The category of a lot is derived here with the
engine's `classify_lot` (R7-R10), the same function the matcher uses, so the page and
the proposals never disagree about what a lot is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.figures.services import MIN_FARMS, year_figures
from market.listings.services.listings import lot_origin
from market.models import Farm, ListingStatus, Lot, Request
from market.proposals.services.balance import lot_balances, request_balances, still_open

bp = Blueprint("home", __name__)
Listing = TypeVar("Listing", Lot, Request)


@dataclass(frozen=True)
class LotRow:
    farm: str
    farm_id: int
    own: bool
    kind: str
    category: str
    tonnes: float
    n_kg_per_t: float
    place: str
    #: What `lot_cells` marks, as on the other lists: confirmed unusual figures, manure of
    #: animals the farm lacks (`kind`), an origin more organic than the farm (to the farm and
    #: the coordinators only, `review_flags`), a coordinator's suspension.
    flags: list[str]
    suspended_at: datetime | None


@dataclass(frozen=True)
class RequestRow:
    farm: str
    farm_id: int
    own: bool
    n_kg: float
    kinds: list[str] | None
    place: str
    flags: list[str]
    suspended_at: datetime | None


@bp.get("/")
def index() -> str:
    """The market for a logged-in user, the landing page for a visitor."""
    if not current_user.is_authenticated:
        return landing()
    session = db_session()
    listed_lots, listed_requests = _open(Lot), _open(Request)
    lot_open = still_open(lot_balances(session, listed_lots))
    asked_open = still_open(request_balances(session, listed_requests))
    lots = [lot_row(lot, lot_open[lot.id]) for lot in listed_lots if lot.id in lot_open]
    requests = [
        request_row(request, asked_open[request.id])
        for request in listed_requests
        if request.id in asked_open
    ]
    return render_template(
        "home/index.html",
        lots=lots,
        requests=requests,
        lot_tonnes=sum(row.tonnes for row in lots),
        requested_n_kg=sum(row.n_kg for row in requests),
    )


def landing() -> str:
    """What mestmatch does, with this year's public figures."""
    settings = app_state().settings
    figures = year_figures(db_session(), today(settings).year, settings.policy["road_factor"])
    return render_template(
        "home/landing.html",
        figures=figures,
        min_farms=MIN_FARMS,
        a_share_min=settings.policy["a_share_min"],
    )


def lot_row(lot: Lot, open_t: float) -> LotRow:
    """One table row, at the lot's `open_t` tonnes.

    The engine is imported here, on first use: its package brings the solver stack (PuLP,
    HiGHS, numpy), which the log-in page and /healthz need not load.
    """
    from matching.rules import classify_lot

    return LotRow(
        farm=lot.farm.name,
        farm_id=lot.farm_id,
        own=lot.farm_id == current_user.farm_id,
        kind=lot.kind,
        category=classify_lot(lot.kind, lot_origin(lot)).category,
        tonnes=open_t,
        n_kg_per_t=lot.n_kg_per_t,
        place=place(lot.farm),
        flags=list(lot.flags),
        suspended_at=lot.suspended_at,
    )


def request_row(request: Request, open_n_kg: float) -> RequestRow:
    """One table row, at the request's `open_n_kg` kg N."""
    return RequestRow(
        farm=request.farm.name,
        farm_id=request.farm_id,
        own=request.farm_id == current_user.farm_id,
        n_kg=open_n_kg,
        kinds=request.kinds,
        place=place(request.farm),
        flags=list(request.flags),
        suspended_at=request.suspended_at,
    )


def place(farm: Farm) -> str:
    """Where a farm is, as far as the market needs to know: village and province."""
    return ", ".join(part for part in (farm.address, farm.province) if part)


def _open(model: type[Listing]) -> list[Listing]:
    """Open listings with their farm loaded in the same query, by farm name."""
    query = (
        select(model)
        .join(model.farm)
        .where(model.status == ListingStatus.OPEN)
        .options(joinedload(model.farm))
        .order_by(Farm.name, model.id)
    )
    return list(db_session().scalars(query))
