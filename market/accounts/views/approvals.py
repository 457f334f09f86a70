"""Coordinators approve new farms: the Skal number (format, not taken) and the farm name (no
other farm has it) are checked first.

Only an approved farm trades, so a farm that signed up, or changed its name, Skal number or
certification, waits here (a farm's page says from which name to which it changed). The list
shows farms waiting first, then the approved ones, each with what looks odd about it
(`services.approvals.sign_up_flags`), how many of its lots and requests carry a flag
(`market.listings.services.flagged`, listed in full on the listings to check) and the last
question or rejection it got. Instead of approving, a coordinator can ask the farmer for
information or reject the farm, always with a message, which is mailed to the farm's
accounts (queued in the outbox with the same commit) and kept in the audit log. The farm's
accounts are told by e-mail after the approval is committed. From a farm's page a
coordinator can also end all sessions of one of its accounts (a lost phone, a shared
computer): the account has to log in again everywhere, and the audit log says who did it.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from market.accounts.forms.account import ApproveForm, FarmMessageForm
from market.accounts.schemas import FarmMessageInput
from market.accounts.services.accounts import approve_farm
from market.accounts.services.approvals import (
    APPROVE,
    Answer,
    ask_information,
    latest_answers,
    reject_farm,
    renames_since_approval,
    sign_up_flags,
)
from market.accounts.services.farms import farm_own_manure_n_kg
from market.accounts.services.sessions import end_sessions
from market.audit import services as audit
from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, read
from market.core.mail import mail_farm
from market.core.permissions import coordinator_required, found
from market.core.schemas.translate import message
from market.core.validation import ValidationError
from market.listings.services.flagged import by_farm, flagged_listings
from market.models import Farm, User

bp = Blueprint("approvals", __name__, url_prefix="/farms")


@bp.get("")
@coordinator_required
def index() -> str:
    session = db_session()
    farms = session.scalars(select(Farm).order_by(Farm.approved, Farm.name)).all()
    waiting = [farm for farm in farms if not farm.approved]
    return render_template(
        "approvals/index.html",
        farms=farms,
        waiting=len(waiting),
        form=ApproveForm(),
        flags={farm.id: sign_up_flags(session, farm) for farm in waiting},
        listing_flags=by_farm(flagged_listings(session, today(app_state().settings))),
        answers=latest_answers(session, [farm.id for farm in waiting]),
    )


@bp.get("/<int:farm_id>")
@coordinator_required
def show(farm_id: int) -> str:
    return _farm_page(found(Farm, farm_id), FarmMessageForm())


def _farm_page(farm: Farm, message_form: FarmMessageForm) -> str:
    return render_template(
        "approvals/show.html",
        farm=farm,
        form=ApproveForm(),
        message_form=message_form,
        own_manure_n_kg=farm_own_manure_n_kg(farm),
        flags=sign_up_flags(db_session(), farm),
        answer=latest_answers(db_session(), [farm.id]).get(farm.id),
        renames=renames_since_approval(db_session(), farm),
    )


@bp.post("/<int:farm_id>/approve")
@coordinator_required
def approve(farm_id: int) -> Response:
    farm = found(Farm, farm_id)
    try:
        approve_farm(db_session(), farm)
    except ValidationError as error:
        db_session().rollback()
        flash(
            _(
                "%(farm)s cannot be approved: %(reason)s",
                farm=farm.name,
                reason=" ".join(message(problem) for problem in error.errors.values()),
            ),
            "error",
        )
        return redirect(url_for("approvals.show", farm_id=farm.id))
    audit.record(
        db_session(), current_user.id, APPROVE, "farm", farm.id, skal_number=farm.skal_number
    )
    _tell_farmers(farm)
    db_session().commit()
    flash(_("%(farm)s has been approved.", farm=farm.name), "success")
    return redirect(url_for("approvals.index"))


@bp.post("/<int:farm_id>/ask")
@coordinator_required
def ask(farm_id: int) -> Response | tuple[str, int]:
    """Ask the farmer for information; the farm keeps waiting."""
    return _answer(farm_id, ask_information, _("Information asked of %(farm)s."))


@bp.post("/<int:farm_id>/reject")
@coordinator_required
def reject(farm_id: int) -> Response | tuple[str, int]:
    """Reject the farm (it cannot trade), telling the farmer why."""
    return _answer(farm_id, reject_farm, _("%(farm)s has been rejected."))


AnswerService = Callable[[Session, Farm, int, FarmMessageInput], Answer]


def _answer(farm_id: int, service: AnswerService, done: str) -> Response | tuple[str, int]:
    """Read the message, record the answer, queue the mail, commit once; a missing message
    shows the farm's page again with the error at the field."""
    farm = found(Farm, farm_id)
    form = FarmMessageForm()
    try:
        data = read(form, FarmMessageInput)
    except ValidationError as error:
        attach_errors(form, error.errors)
        return _farm_page(farm, form), 400
    answer = service(db_session(), farm, current_user.id, data)
    _mail_answer(farm, answer)
    db_session().commit()
    flash(done % {"farm": farm.name}, "success")
    return redirect(url_for("approvals.index"))


def _mail_answer(farm: Farm, answer: Answer) -> None:
    """The farm's accounts read the coordinator's message, and what to do next, each in
    their own language (the coordinator's message as typed)."""

    def letter() -> tuple[str, str]:
        if answer.action == "farm.reject":
            subject = _("Your farm has not been approved")
            intro = _("A coordinator has not approved %(farm)s for mestmatch.", farm=farm.name)
        else:
            subject = _("mestmatch needs more information about your farm")
            intro = _(
                "Before %(farm)s can be approved, a coordinator needs more information (below)."
                " Please add or correct your farm's details on %(link)s",
                farm=farm.name,
                link=url_for("farms.profile", _external=True),
            )
        return subject, f"{intro}\n\n{answer.message}"

    mail_farm(db_session(), app_state().settings, farm, letter)


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
    """The farm's accounts learn by e-mail, each in their own language, that they can post
    offers and requests now."""

    def letter() -> tuple[str, str]:
        body = _(
            "%(farm)s has been approved: you can now offer manure and ask for nitrogen.",
            farm=farm.name,
        )
        return _("Your farm has been approved"), body

    mail_farm(db_session(), app_state().settings, farm, letter)
