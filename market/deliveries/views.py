"""Deliveries and their papers: book a weighed delivery, the declaration of origin, the
yearly overview.

Only the two farms of a delivery and the coordinators see it or its papers; anyone else
gets 404, so delivery ids reveal nothing. A farm's yearly overview is for that farm and the
coordinators only (R11: records are kept five years). The delivery form is read through
`Weighing` and the overview's choice through `OverviewQuery`, numbers in the visitor's locale
("118,4" in Dutch); "today" is the farms' date (`market.core.clock`).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from market.core.clock import today
from market.core.exports import to_csv
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, read
from market.core.pdf import render_pdf
from market.core.permissions import may_see, my_farm_id, party_row
from market.core.routes import Page
from market.core.schemas import parse
from market.core.schemas.fields import write_number
from market.core.schemas.translate import current_locale, message
from market.core.validation import ValidationError
from market.deliveries.forms import DeliveryForm
from market.deliveries.schemas import OverviewQuery, Weighing
from market.deliveries.services.deliveries import (
    agreed,
    awaiting_delivery,
    deliver,
    deliveries_for,
    needs_declaration,
)
from market.deliveries.services.papers import (
    OVERVIEW_COLUMNS,
    YearOverview,
    overview_rows,
    year_overview,
)
from market.models import Delivery, Farm, Proposal

bp = Blueprint("deliveries", __name__, url_prefix="/deliveries")
#: The overview form's fields (query parameters) and their labels on the page.
OVERVIEW_LABELS = {"farm": _l("Farm"), "year": _l("Year"), "as": _l("Format")}


@bp.get("")
@login_required
def index() -> str:
    farm_id = my_farm_id()
    session = db_session()
    return render_template(
        "deliveries/index.html",
        deliveries=deliveries_for(session, farm_id),
        waiting=awaiting_delivery(session, farm_id),
        farm_id=farm_id,
        year=today(app_state().settings).year,
        farms=session.scalars(select(Farm).order_by(Farm.name)).all() if farm_id is None else [],
    )


@bp.route("/new/<int:proposal_id>", methods=["GET", "POST"])
@login_required
def new(proposal_id: int) -> Page:
    proposal = party_row(Proposal, proposal_id)
    if not agreed(proposal):
        flash(_("Only a proposal both farms accepted can be delivered."), "error")
        return redirect(url_for("deliveries.index"))
    form = DeliveryForm()
    if not form.is_submitted():
        form.delivered_on.data = today(app_state().settings).isoformat()
        form.weighed_tonnes.data = write_number(round(proposal.tonnes, 1), current_locale())
        return render_template("deliveries/form.html", form=form, proposal=proposal, loose=[])
    try:
        delivery = deliver(db_session(), proposal, read(form, Weighing))
    except ValidationError as error:
        loose = attach_errors(form, error.errors)
        page = render_template("deliveries/form.html", form=form, proposal=proposal, loose=loose)
        return page, 400
    db_session().commit()
    flash(_("The delivery has been recorded."), "success")
    return redirect(url_for("deliveries.show", delivery_id=delivery.id))


@bp.get("/<int:delivery_id>")
@login_required
def show(delivery_id: int) -> str:
    delivery = party_row(Delivery, delivery_id)
    return render_template(
        "deliveries/show.html", delivery=delivery, has_declaration=needs_declaration(delivery)
    )


@bp.get("/<int:delivery_id>/declaration.pdf")
@login_required
def declaration(delivery_id: int) -> Response:
    delivery = party_row(Delivery, delivery_id)
    if not needs_declaration(delivery):
        abort(404)
    filename = f"{delivery.declaration_of_origin_no}.pdf"
    return render_pdf("papers/declaration.html", filename, delivery=delivery)


@bp.get("/overview")
@login_required
def overview_choice() -> Response:
    """The overview form (a year; coordinators pick a farm) leads to the paper's address;
    a refused choice goes back to the deliveries page with the field named."""
    try:
        query = parse(OverviewQuery, _overview_args(), locale=current_locale())
    except ValidationError as error:
        for name, problem in error.errors.items():
            flash(f"{OVERVIEW_LABELS.get(name, name)}: {message(problem)}", "error")
        return redirect(url_for("deliveries.index"))
    farm_id = (query.farm if current_user.is_coordinator else None) or current_user.farm_id
    if farm_id is None:
        abort(404)
    year = query.year or today(app_state().settings).year
    endpoint = f"deliveries.overview_{query.paper}"
    return redirect(url_for(endpoint, farm_id=farm_id, year=year))


def _overview_args() -> dict[str, str]:
    """The overview form's fields that were filled in (an empty one takes its default)."""
    given = {name: (request.args.get(name) or "").strip() for name in OVERVIEW_LABELS}
    return {name: value for name, value in given.items() if value}


@bp.get("/overview/<int:farm_id>/<int:year>.pdf")
@login_required
def overview_pdf(farm_id: int, year: int) -> Response:
    overview = _overview(farm_id, year)
    filename = f"mestmatch-{year}-farm-{farm_id}.pdf"
    return render_pdf("papers/overview.html", filename, overview=overview)


@bp.get("/overview/<int:farm_id>/<int:year>.csv")
@login_required
def overview_csv(farm_id: int, year: int) -> Response:
    overview = _overview(farm_id, year)
    body = to_csv(OVERVIEW_COLUMNS, overview_rows(overview)).encode()
    response = Response(body, mimetype="text/csv; charset=utf-8")
    filename = f"mestmatch-{year}-farm-{farm_id}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _overview(farm_id: int, year: int) -> YearOverview:
    farm = db_session().get(Farm, farm_id)
    if farm is None or not may_see(farm_id) or not 2000 <= year <= 2100:
        abort(404)
    return year_overview(db_session(), farm, year, app_state().settings.policy)
