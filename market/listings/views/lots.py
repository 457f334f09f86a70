"""Lots (aanbod): post, look at, edit and withdraw the manure a farm offers.

The category is never typed: the page shows what `classify_lot` derives from the kind and
origin, with the sentence of the rule that decided (R7-R10). Each edit or withdrawal raises
the lot's version, so proposals made from the old version are recognised as stale.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from market.core.extensions import db_session
from market.core.form_fields import attach_errors, fill, read
from market.core.permissions import approved_farm, changeable, may_change, visible
from market.core.validation import ValidationError
from market.listings.forms import CONTENT_FIELDS, LOT_FORM_FIELDS, LotForm, WithdrawForm
from market.listings.schemas import LotInput, LotPatch
from market.listings.services.listings import create_lot, lot_origin, update_lot, withdraw_lot
from market.models import AnalysisSource, ListingStatus, Lot

#: RULES "other limits": an analysis older than a few weeks should be flagged to the reader.
ANALYSIS_FRESH_DAYS = 42
bp = Blueprint("lots", __name__, url_prefix="/lots")
Page = str | tuple[str, int] | Response


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Page:
    farm = approved_farm()
    if farm is None:
        flash(_("Your farm can post offers once a coordinator has approved it."), "info")
        return redirect(url_for("farms.profile"))
    form = LotForm()
    if not form.is_submitted():
        form.available_from.data = date.today().isoformat()
        return render_template("lots/form.html", form=form, lot=None, loose_errors=[])
    if form.validate():
        try:
            lot = create_lot(db_session(), farm, read(form, LotInput))
        except ValidationError as error:
            return _refused(form, None, error)
        db_session().commit()
        flash(_("Your lot has been posted."), "success")
        return redirect(url_for("lots.show", lot_id=lot.id))
    return render_template("lots/form.html", form=form, lot=None, loose_errors=[]), 400


@bp.get("/<int:lot_id>")
@login_required
def show(lot_id: int) -> str:
    from matching.rules import classify_lot

    lot = visible(db_session().get(Lot, lot_id))
    return render_template(
        "lots/show.html",
        lot=lot,
        lot_class=classify_lot(lot.kind, lot_origin(lot)),
        can_change=may_change(lot.farm_id) and lot.status is ListingStatus.OPEN,
        withdraw_form=WithdrawForm(),
        old_analysis=_old_analysis(lot),
    )


@bp.route("/<int:lot_id>/edit", methods=["GET", "POST"])
@login_required
def edit(lot_id: int) -> Page:
    lot = changeable(db_session().get(Lot, lot_id))
    form = LotForm()
    if not form.is_submitted():
        _fill(form, lot)
        return render_template("lots/form.html", form=form, lot=lot, loose_errors=[])
    if form.validate():
        try:
            update_lot(db_session(), lot, read(form, LotPatch))
        except ValidationError as error:
            return _refused(form, lot, error)
        db_session().commit()
        flash(_("Your lot has been saved."), "success")
        return redirect(url_for("lots.show", lot_id=lot.id))
    return render_template("lots/form.html", form=form, lot=lot, loose_errors=[]), 400


@bp.post("/<int:lot_id>/withdraw")
@login_required
def withdraw(lot_id: int) -> Response:
    lot = changeable(db_session().get(Lot, lot_id))
    try:
        withdraw_lot(db_session(), lot)
    except ValidationError:
        flash(_("Only an open lot can be withdrawn."), "error")
        return redirect(url_for("lots.show", lot_id=lot.id))
    db_session().commit()
    flash(_("Your lot has been withdrawn."), "success")
    return redirect(url_for("listings.mine"))


def _old_analysis(lot: Lot) -> bool:
    """A lab analysis older than `ANALYSIS_FRESH_DAYS` may no longer describe the lot."""
    analysed_on = lot.analysed_on
    return analysed_on is not None and (date.today() - analysed_on).days > ANALYSIS_FRESH_DAYS


def _fill(form: LotForm, lot: Lot) -> None:
    """The lot's values; contents stay empty while they follow the standard table."""
    fill(form, lot, LOT_FORM_FIELDS)
    if lot.analysis_source is AnalysisSource.STANDARD:
        for name in CONTENT_FIELDS:
            form[name].data = ""


def _refused(form: LotForm, lot: Lot | None, error: ValidationError) -> tuple[str, int]:
    loose = attach_errors(form, error.errors)
    return render_template("lots/form.html", form=form, lot=lot, loose_errors=loose), 400
