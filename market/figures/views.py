"""The public figures page: what the market achieved this year, per province, as charts.

Public on purpose (no log-in): sector bodies and policy makers ask for exactly these
numbers. Only sums over deliveries are shown, never a farm (see `services/figures.py`).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from market.core.extensions import app_state, db_session
from market.figures.services import year_figures

bp = Blueprint("figures", __name__, url_prefix="/figures")
FIRST_YEAR = 2020


@bp.get("")
def index() -> str:
    this_year = date.today().year
    year = request.args.get("year", type=int) or this_year
    year = min(max(year, FIRST_YEAR), this_year)
    road_factor = app_state().settings.policy["road_factor"]
    figures = year_figures(db_session(), year, road_factor)
    largest = max((row.n_kg for _, row in figures.provinces), default=0.0)
    return render_template(
        "figures/index.html",
        figures=figures,
        largest=largest,
        years=range(this_year, FIRST_YEAR - 1, -1),
    )
