"""Deliveries and their papers: book a weighed delivery, the declaration of origin, the
yearly overview, and statements of non-availability (verklaring niet-beschikbaarheid: a
farm's request finds no organic manure within reach; `/deliveries/statements/...`).

Only the two farms of a delivery and the coordinators see it or its papers; anyone else
gets 404, so delivery ids reveal nothing. A farm's yearly overview is for that farm and the
coordinators only (R11: records are kept five years). The delivery form is read through
`Weighing` and the overview's choice through `OverviewQuery`, numbers in the visitor's locale
("118,4" in Dutch); "today" is the farms' date (`market.core.clock`). A statement is
issued only by the request's own farm (POST), seen by that farm and the coordinators.
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
from market.core.form_fields import attach_errors
from market.core.pdf import render_pdf
from market.core.permissions import found, may_change, may_see, my_farm_id, party_row, visible
from market.core.routes import Page
from market.core.schemas import parse
from market.core.schemas.translate import current_locale, message
from market.core.schemas.units import TONNES_PATTERN
from market.core.validation import ValidationError
from market.deliveries.booking import booking
from market.deliveries.downloads import declaration_pdf, iso_day, reason_text, statement_pdf
from market.deliveries.exports import OVERVIEW_COLUMNS, overview_lines
from market.deliveries.forms import DeliveryForm, StatementForm
from market.deliveries.schemas import (
    FIRST_YEAR,
    LAST_YEAR,
    OverviewQuery,
    TransportExport,
)
from market.deliveries.services.deliveries import (
    agreed,
    deliver,
    excess_reason,
    needs_declaration,
)
from market.deliveries.services.lists import awaiting_delivery, deliveries_for
from market.deliveries.services.papers import YearOverview, year_overview
from market.deliveries.services.statements import (
    availability,
    issue_statement,
    statements_for,
    todays_statement,
)
from market.deliveries.services.transport import transport_deliveries, transport_record
from market.deliveries.transport import transport_csv, transport_json
from market.deliveries.weighing_form import blank, tolerance_shown, weighing
from market.models import Delivery, Farm, ListingStatus, Proposal, Request, Statement
from market.proposals.services.balance import Weighed, weighed_by_proposal

bp = Blueprint("deliveries", __name__, url_prefix="/deliveries")
#: The overview form's fields (query parameters) and their labels on the page.
OVERVIEW_LABELS = {"farm": _l("Farm"), "year": _l("Year"), "as": _l("Format")}


@bp.context_processor
def _patterns() -> dict[str, str]:
    """Weighed tonnes are written alike on every page of the area and in its refusals: to the
    kilogram (`TONNES_PATTERN`), so "500,25 t" is not "500,2" in the list."""
    return {"TONNES_PATTERN": TONNES_PATTERN}


@bp.get("")
@login_required
def index() -> str:
    farm_id = my_farm_id()
    session = db_session()
    return render_template(
        "deliveries/index.html",
        deliveries=deliveries_for(session, farm_id),
        waiting=awaiting_delivery(session, farm_id, app_state().settings.delivery_tolerance),
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
    weighed = weighed_by_proposal(db_session(), [proposal.id]).get(proposal.id, Weighed()).tonnes
    shown = {"form": form, "proposal": proposal, "delivered": weighed, **tolerance_shown(proposal)}
    if not form.is_submitted():
        blank(form, proposal.tonnes - weighed)
        return render_template("deliveries/form.html", loose=[], **shown)
    try:
        key = form.submission_key.data or None
        delivery = deliver(db_session(), proposal, weighing(form, proposal), booking(key))
    except ValidationError as error:
        loose = attach_errors(form, error.errors)
        asked = any(e.code == "transport_document_used" for e in error.errors.values())
        page = render_template("deliveries/form.html", loose=loose, ask_document=asked, **shown)
        return page, 400
    db_session().commit()
    flash(_("The delivery has been recorded."), "success")
    return redirect(url_for("deliveries.show", delivery_id=delivery.id))


@bp.get("/<int:delivery_id>")
@login_required
def show(delivery_id: int) -> str:
    delivery = party_row(Delivery, delivery_id)
    return render_template(
        "deliveries/show.html",
        delivery=delivery,
        has_declaration=needs_declaration(delivery),
        excess_reason=excess_reason(db_session(), delivery),
    )


@bp.get("/<int:delivery_id>/declaration.pdf")
@login_required
def declaration(delivery_id: int) -> Response:
    delivery = party_row(Delivery, delivery_id)
    if not needs_declaration(delivery):
        abort(404)
    return declaration_pdf(delivery)


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
    body = to_csv(OVERVIEW_COLUMNS, overview_lines(overview), current_locale()).encode()
    response = Response(body, mimetype="text/csv")
    filename = f"mestmatch-{year}-farm-{farm_id}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _overview(farm_id: int, year: int) -> YearOverview:
    farm = db_session().get(Farm, farm_id)
    if farm is None or not may_see(farm_id) or not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    return year_overview(db_session(), farm, year, app_state().settings.policy)


@bp.route("/statements/request/<int:request_id>", methods=["GET", "POST"])
@login_required
def statement_check(request_id: int) -> Page:
    """Is organic manure within reach of this request? If not, the farm issues a numbered
    statement of non-availability (POST); if so, the page lists what could serve it."""
    wanted = visible(db_session().get(Request, request_id))
    settings = app_state().settings
    form = StatementForm()
    if form.is_submitted() and not may_change(wanted.farm_id):
        abort(403)
    if form.validate_on_submit():
        try:
            issued = issue_statement(
                db_session(), wanted, settings.policy, today(settings), current_user.id
            )
        except ValidationError as error:
            flash(message(error.errors["request_id"]), "error")
            return redirect(url_for("deliveries.statement_check", request_id=request_id))
        db_session().commit()
        number = issued.statement.number
        if issued.new:
            flash(_("Statement %(number)s has been issued.", number=number), "success")
        else:
            flash(
                _(
                    "Statement %(number)s was already issued today on the same findings.",
                    number=number,
                ),
                "info",
            )
        return redirect(url_for("deliveries.statement", statement_id=issued.statement.id))
    found = availability(db_session(), wanted, settings.policy, today(settings))
    return render_template(
        "statements/check.html",
        wanted=wanted,
        found=found,
        form=form,
        can_issue=may_change(wanted.farm_id) and wanted.status is ListingStatus.OPEN,
        same=None if found.available else todays_statement(db_session(), wanted, found),
        issued=statements_for(db_session(), wanted),
        reason_text=reason_text,
        iso_day=iso_day,
    )


@bp.get("/statements/<int:statement_id>")
@login_required
def statement(statement_id: int) -> str:
    """A statement as it was issued: the record an inspector checks the paper against."""
    kept = _statement(statement_id)
    return render_template(
        "statements/show.html", statement=kept, reason_text=reason_text, iso_day=iso_day
    )


@bp.get("/statements/<int:statement_id>.pdf")
@login_required
def statement_paper(statement_id: int) -> Response:
    return statement_pdf(_statement(statement_id))


def _statement(statement_id: int) -> Statement:
    """The statement if this user may see it (its farm, or a coordinator), else 404."""
    kept = found(Statement, statement_id)
    if not may_see(*kept.farm_ids):
        abort(404)
    return kept


@bp.get("/transport/<int:year>.<any(csv, json):file_type>")
@login_required
def transport_year(year: int, file_type: str) -> Response:
    """The year's transport data for a VDM/rVDM filing: a farm's own deliveries in and out,
    a coordinator's every delivery; CSV or JSON (`market.deliveries.transport`). A year of
    the ledger without deliveries is an empty file (the CSV's header row, no items); a year
    outside the ledger's years (`schemas.FIRST_YEAR` to `LAST_YEAR`) is not found."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    farm_id = my_farm_id()
    rows = transport_deliveries(db_session(), farm_id, year)
    records = [transport_record(delivery) for delivery in rows]
    name = f"mestmatch-transport-{year}" + (f"-farm-{farm_id}" if farm_id else "")
    if file_type == "csv":
        return transport_csv(records, name)
    return transport_json(TransportExport(year=year, items=records), name)


@bp.get("/<int:delivery_id>/transport.<any(csv, json):file_type>")
@login_required
def transport_one(delivery_id: int, file_type: str) -> Response:
    """One delivery's transport data (its two farms and coordinators only)."""
    record = transport_record(party_row(Delivery, delivery_id))
    name = f"mestmatch-transport-delivery-{delivery_id}"
    return transport_csv([record], name) if file_type == "csv" else transport_json(record, name)
