"""Requests (vraag): post, look at, edit and withdraw a farm's demand for nitrogen.

A request names the N wanted, the kinds accepted (none ticked: any kind), whether
non-organic animal manure is acceptable, a distance limit and a period. Each edit or
withdrawal raises its version, like a lot's.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from market.core.extensions import db_session
from market.core.form_fields import attach_errors, fill, form_input
from market.core.permissions import approved_farm, changeable, may_change, visible
from market.core.schemas import parse
from market.core.schemas.translate import current_locale
from market.core.validation import ValidationError
from market.listings.forms import REQUEST_FORM_FIELDS, RequestForm, WithdrawForm
from market.listings.schemas import RequestInput, RequestPatch
from market.listings.services.listings import create_request, update_request, withdraw_request
from market.models import ListingStatus, Request

bp = Blueprint("demand", __name__, url_prefix="/requests")
Page = str | tuple[str, int] | Response
Input = TypeVar("Input", RequestInput, RequestPatch)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Page:
    farm = approved_farm()
    if farm is None:
        flash(_("Your farm can post requests once a coordinator has approved it."), "info")
        return redirect(url_for("farms.profile"))
    form = RequestForm()
    if not form.is_submitted():
        form.wanted_from.data = date.today().isoformat()
        return _form(form, None)
    if form.validate():
        try:
            request = create_request(db_session(), farm, _read(form, RequestInput))
        except ValidationError as error:
            return _form(form, None, error)
        db_session().commit()
        flash(_("Your request has been posted."), "success")
        return redirect(url_for("demand.show", request_id=request.id))
    return _form(form, None, status=400)


@bp.get("/<int:request_id>")
@login_required
def show(request_id: int) -> str:
    request = visible(db_session().get(Request, request_id))
    return render_template(
        "demand/show.html",
        listing=request,
        withdraw_form=WithdrawForm(),
        can_change=may_change(request.farm_id) and request.status is ListingStatus.OPEN,
    )


@bp.route("/<int:request_id>/edit", methods=["GET", "POST"])
@login_required
def edit(request_id: int) -> Page:
    request = changeable(db_session().get(Request, request_id))
    form = RequestForm()
    if not form.is_submitted():
        fill(form, request, [name for name in REQUEST_FORM_FIELDS if name != "kinds"])
        form.kinds.data = request.kinds or []
        return _form(form, request)
    if form.validate():
        try:
            update_request(db_session(), request, _read(form, RequestPatch))
        except ValidationError as error:
            return _form(form, request, error)
        db_session().commit()
        flash(_("Your request has been saved."), "success")
        return redirect(url_for("demand.show", request_id=request.id))
    return _form(form, request, status=400)


@bp.post("/<int:request_id>/withdraw")
@login_required
def withdraw(request_id: int) -> Response:
    request = changeable(db_session().get(Request, request_id))
    try:
        withdraw_request(db_session(), request)
    except ValidationError:
        flash(_("Only an open request can be withdrawn."), "error")
        return redirect(url_for("demand.show", request_id=request.id))
    db_session().commit()
    flash(_("Your request has been withdrawn."), "success")
    return redirect(url_for("listings.mine"))


def _read(form: RequestForm, model: type[Input]) -> Input:
    """No kind ticked means any kind (null), as a farmer who ticks nothing expects."""
    data = form_input(form, model)
    data["kinds"] = data["kinds"] or None
    return parse(model, data, locale=current_locale())


def _form(
    form: RequestForm,
    request: Request | None,
    error: ValidationError | None = None,
    status: int | None = None,
) -> Page:
    loose = attach_errors(form, error.errors) if error is not None else []
    page = render_template("demand/form.html", form=form, listing=request, loose_errors=loose)
    return page, status or (400 if error is not None else 200)
