"""Deliveries and their papers: book a weighed delivery, the declaration of origin, the
yearly overview.

Only the two farms of a delivery and the coordinators see it or its papers; anyone else
gets 404, so delivery ids reveal nothing. A farm's yearly overview is for that farm and the
coordinators only (R11: records are kept five years).
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from market.core.exports import to_csv
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, values
from market.core.pdf import render_pdf
from market.core.permissions import may_see, visible_delivery
from market.core.validation import ValidationError
from market.deliveries.services.deliveries import (
    agreed,
    awaiting_delivery,
    deliver,
    deliveries_for,
    needs_declaration,
    proposal_party,
)
from market.deliveries.services.papers import (
    OVERVIEW_COLUMNS,
    YearOverview,
    overview_rows,
    year_overview,
)
from market.models import Farm, Proposal
from market.proposals.forms import DELIVERY_FIELDS, DeliveryForm

bp = Blueprint("deliveries", __name__, url_prefix="/deliveries")
Page = str | tuple[str, int] | Response


@bp.get("")
@login_required
def index() -> str:
    farm_id = None if current_user.is_coordinator else current_user.farm_id
    if farm_id is None and not current_user.is_coordinator:
        abort(403)
    session = db_session()
    return render_template(
        "deliveries/index.html",
        deliveries=deliveries_for(session, farm_id),
        waiting=awaiting_delivery(session, farm_id),
        farm_id=farm_id,
        year=date.today().year,
        farms=session.scalars(select(Farm).order_by(Farm.name)).all() if farm_id is None else [],
    )


@bp.route("/new/<int:proposal_id>", methods=["GET", "POST"])
@login_required
def new(proposal_id: int) -> Page:
    proposal = _party_proposal(proposal_id)
    if not agreed(proposal):
        flash(_("Only a proposal both farms accepted can be delivered."), "error")
        return redirect(url_for("deliveries.index"))
    form = DeliveryForm()
    if not form.is_submitted():
        form.delivered_on.data = date.today().isoformat()
        form.weighed_tonnes.data = f"{proposal.tonnes:.1f}"
        return render_template("deliveries/form.html", form=form, proposal=proposal, loose=[])
    try:
        delivery = deliver(db_session(), proposal, values(form, DELIVERY_FIELDS))
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
    delivery = visible_delivery(delivery_id)
    return render_template(
        "deliveries/show.html", delivery=delivery, has_declaration=needs_declaration(delivery)
    )


@bp.get("/<int:delivery_id>/declaration.pdf")
@login_required
def declaration(delivery_id: int) -> Response:
    delivery = visible_delivery(delivery_id)
    if not needs_declaration(delivery):
        abort(404)
    filename = f"{delivery.declaration_of_origin_no}.pdf"
    return render_pdf("papers/declaration.html", filename, delivery=delivery)


@bp.get("/overview")
@login_required
def overview_choice() -> Response:
    """The overview form (any year; coordinators pick a farm) leads to the paper's address."""
    farm_id = request.args.get("farm", type=int) if current_user.is_coordinator else None
    farm_id = farm_id or current_user.farm_id
    year = request.args.get("year", type=int) or date.today().year
    if farm_id is None:
        abort(404)
    endpoint = (
        "deliveries.overview_csv"
        if request.args.get("as") == "csv"
        else ("deliveries.overview_pdf")
    )
    return redirect(url_for(endpoint, farm_id=farm_id, year=year))


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


def _party_proposal(proposal_id: int) -> Proposal:
    """A proposal of my farm (or any, for coordinators)."""
    proposal = db_session().get(Proposal, proposal_id)
    if proposal is None or not (
        current_user.is_coordinator or proposal_party(proposal, current_user.farm_id)
    ):
        abort(404)
    return proposal
