"""Coordinators approve new farms: the Skal number is checked (format, not taken) first.

Only an approved farm trades, so a farm that signed up, or changed its Skal number or
certification, waits here. The list shows farms waiting first, then the approved ones.
The farm's accounts are told by e-mail after the approval is committed. From a farm's page
a coordinator can also end all sessions of one of its accounts (a lost phone, a shared
computer): the account has to log in again everywhere, and the audit log says who did it.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from market.accounts.forms.account import ApproveForm
from market.accounts.services.accounts import approve_farm
from market.accounts.services.farms import farm_own_manure_n_kg
from market.accounts.services.sessions import end_sessions
from market.audit import services as audit
from market.core.extensions import app_state, db_session
from market.core.mail import mail_farm
from market.core.permissions import coordinator_required, found
from market.core.schemas.translate import message
from market.core.validation import ValidationError
from market.models import Farm, User

bp = Blueprint("approvals", __name__, url_prefix="/farms")


@bp.get("")
@coordinator_required
def index() -> str:
    farms = db_session().scalars(select(Farm).order_by(Farm.approved, Farm.name)).all()
    waiting = [farm for farm in farms if not farm.approved]
    return render_template(
        "approvals/index.html", farms=farms, waiting=len(waiting), form=ApproveForm()
    )


@bp.get("/<int:farm_id>")
@coordinator_required
def show(farm_id: int) -> str:
    farm = found(Farm, farm_id)
    return render_template(
        "approvals/show.html",
        farm=farm,
        form=ApproveForm(),
        own_manure_n_kg=farm_own_manure_n_kg(farm),
    )


@bp.post("/<int:farm_id>/approve")
@coordinator_required
def approve(farm_id: int) -> Response:
    farm = found(Farm, farm_id)
    try:
        approve_farm(db_session(), farm)
    except ValidationError as error:
        flash(
            _(
                "%(farm)s cannot be approved: %(reason)s",
                farm=farm.name,
                reason=message(error.errors["skal_number"]),
            ),
            "error",
        )
        return redirect(url_for("approvals.show", farm_id=farm.id))
    audit.record(
        db_session(), current_user.id, "farm.approve", "farm", farm.id, skal_number=farm.skal_number
    )
    _tell_farmers(farm)
    db_session().commit()
    flash(_("%(farm)s has been approved.", farm=farm.name), "success")
    return redirect(url_for("approvals.index"))


@bp.post("/<int:farm_id>/accounts/<int:user_id>/end-sessions")
@coordinator_required
def end_user_sessions(farm_id: int, user_id: int) -> Response:
    """Log one of the farm's accounts out everywhere; 404 for an account of another farm."""
    user = found(User, user_id)
    if user.farm_id != farm_id:
        abort(404)
    ended = end_sessions(db_session(), user.id)
    audit.record(
        db_session(), current_user.id, "user.end_sessions", "user", user.id, sessions=ended
    )
    db_session().commit()
    flash(_("%(email)s has been logged out everywhere.", email=user.email), "success")
    return redirect(url_for("approvals.show", farm_id=farm_id))


def _tell_farmers(farm: Farm) -> None:
    """The farm's accounts learn by e-mail that they can post offers and requests now."""
    body = _(
        "%(farm)s has been approved: you can now offer manure and ask for nitrogen.", farm=farm.name
    )
    mail_farm(db_session(), app_state().settings, farm, _("Your farm has been approved"), body)
