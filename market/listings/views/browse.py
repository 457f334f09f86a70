"""Browsing the market (every lot and request with something still open, at its open tonnes
or kg N as on the front page; `market.listings.services.browse`), filtered, and the farmer's
own listings.

Open listings are market information every logged-in user may browse; the details of a
listing (analysis, intermediary, history) are for its farm and the coordinators only.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from market.core.extensions import db_session
from market.core.form_fields import read_filters
from market.core.i18n import kind_label
from market.core.permissions import my_farm, review_flags
from market.listings.filters import BrowseFilter
from market.listings.forms import BrowseForm
from market.listings.services.browse import find_lots, find_requests
from market.listings.services.dashboard import latest_reasons, listing_proposals
from market.listings.services.map_points import map_points
from market.models import Farm, Lot, Request
from market.proposals.services.balance import (
    lot_balances,
    request_balances,
)

bp = Blueprint("listings", __name__, url_prefix="/listings")
# The listings' marks (`listings/_macros.html`), on every page that lists lots or requests,
# show a listing's flags only to its farm and the coordinators.
bp.add_app_template_global(review_flags)


@bp.get("")
@login_required
def browse() -> tuple[str, int]:
    form = BrowseForm(request.args)
    filters = read_filters(form, BrowseFilter)
    side = filters.side
    home = _home()
    session = db_session()
    lots = find_lots(session, filters, home) if side != "requests" else []
    requests = find_requests(session, filters, home) if side != "lots" else []
    page = render_template(
        "listings/browse.html",
        form=form,
        lots=lots,
        requests=requests,
        side=side,
        has_home=home is not None,
        may_trade=_may_trade(),
        points=map_points(lots, requests, kind_label, _("Request")),
    )
    return page, 400 if form.errors else 200


@bp.get("/mine")
@login_required
def mine() -> str:
    farm = my_farm()
    session = db_session()
    lots = list(session.scalars(select(Lot).where(Lot.farm_id == farm.id).order_by(Lot.id.desc())))
    requests = list(
        session.scalars(
            select(Request).where(Request.farm_id == farm.id).order_by(Request.id.desc())
        )
    )
    return render_template(
        "listings/mine.html",
        farm=farm,
        lots=lots,
        requests=requests,
        lot_balances=lot_balances(session, lots),
        request_balances=request_balances(session, requests),
        reasons=latest_reasons(session, lots, requests),
        proposals=listing_proposals(session, farm.id, lots, requests),
    )


def _may_trade() -> bool:
    """Whether the viewer's farm is approved, so it may open other farms' market views."""
    farm = db_session().get(Farm, current_user.farm_id) if current_user.farm_id else None
    return farm is not None and farm.approved


def _home() -> tuple[float, float] | None:
    """Where distances are measured from: the viewer's farm (coordinators have none)."""
    if current_user.farm_id is None:
        return None
    farm = db_session().get(Farm, current_user.farm_id)
    return (farm.lat, farm.lon) if farm is not None else None
