"""The public figures page: what the market achieved in a year, per province, as charts.

Public on purpose (no log-in): sector bodies and policy makers ask for exactly these
numbers. Only sums over deliveries of at least three farms on each side are shown, never a
farm (see `market.figures.services`).
The year comes from the query string, read by `FiguresQuery` in the visitor's language; a
refused year is shown next to the field, with this year's figures (400).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.form_fields import read_filters
from market.figures.forms import FiguresForm
from market.figures.schemas import FiguresQuery
from market.figures.services import MIN_FARMS, year_figures

bp = Blueprint("figures", __name__, url_prefix="/figures")
FIRST_YEAR = 2020


@bp.get("")
def index() -> tuple[str, int]:
    form = FiguresForm(request.args)
    query = read_filters(form, FiguresQuery)
    this_year = today(app_state().settings).year
    year = min(max(query.year or this_year, FIRST_YEAR), this_year)
    form.offer(range(this_year, FIRST_YEAR - 1, -1), year)
    page = _page(form, year)
    return page, 400 if form.errors else 200


def _page(form: FiguresForm, year: int) -> str:
    """The year's figures; the chart's bars are scaled to the largest province."""
    road_factor = app_state().settings.policy["road_factor"]
    figures = year_figures(db_session(), year, road_factor)
    largest = max((row.n_kg for _, row in figures.provinces), default=0.0)
    return render_template(
        "figures/index.html", form=form, figures=figures, largest=largest, min_farms=MIN_FARMS
    )
