"""Listings to check: the coordinator's list of every lot and request still in trade that
carries a plausibility flag (`market.listings.services.flagged`), with each flag in words and
a link to the listing. The navigation leads here, and so does each farm's count on the farms
overview (`?farm=` keeps that farm's listings only).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.permissions import coordinator_required
from market.listings.services.flagged import flagged_listings
from market.models import Farm

bp = Blueprint("flagged", __name__, url_prefix="/listings/flagged")


@bp.get("")
@coordinator_required
def index() -> str:
    rows = flagged_listings(db_session(), today(app_state().settings))
    farm_id = request.args.get("farm", type=int)
    farm = db_session().get(Farm, farm_id) if farm_id is not None else None
    if farm is not None:
        rows = [row for row in rows if row.farm.id == farm.id]
    return render_template("flagged/index.html", rows=rows, farm=farm)
