"""The coordinator's verdicts on proposals: approve, reject (one or all) and adjust tonnes.

Each POST changes rows through `services/capacity.py` or `services/adjust.py`, commits once,
and only then mails the farms of the approved proposals: they answer on "My proposals".
The tonnes are read through `AdjustInput` in the coordinator's locale ("100,5" in Dutch);
refusals are shown translated next to the field.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.form_fields import read
from market.core.mail import send_mail
from market.core.permissions import coordinator_required
from market.core.schemas import parse
from market.core.schemas.translate import current_locale, message
from market.core.validation import ValidationError
from market.models import Farm, MatchRun, Proposal
from market.proposals.forms import AdjustForm
from market.proposals.schemas import AdjustInput, DecisionInput
from market.proposals.services.adjust import adjust_tonnes, check_tonnes
from market.proposals.services.capacity import review, review_all
from market.proposals.services.review import farms_of

bp = Blueprint("decisions", __name__, url_prefix="/review")


@bp.post("/proposals/<int:proposal_id>/approve")
@coordinator_required
def approve(proposal_id: int) -> Response:
    return _decide(proposal_id, approve=True)


@bp.post("/proposals/<int:proposal_id>/reject")
@coordinator_required
def reject(proposal_id: int) -> Response:
    return _decide(proposal_id, approve=False)


@bp.post("/runs/<int:run_id>/approve-all")
@coordinator_required
def approve_all(run_id: int) -> Response:
    return _decide_all(run_id, approve=True)


@bp.post("/runs/<int:run_id>/reject-all")
@coordinator_required
def reject_all(run_id: int) -> Response:
    return _decide_all(run_id, approve=False)


@bp.post("/proposals/<int:proposal_id>/adjust")
@coordinator_required
def adjust(proposal_id: int) -> Response | tuple[str, int]:
    proposal = _proposal(proposal_id)
    form = AdjustForm()
    settings = app_state().settings
    try:
        data = read(form, AdjustInput)
        adjust_tonnes(db_session(), proposal, data, settings.policy, today(settings))
    except ValidationError as error:
        db_session().rollback()
        page = render_template(
            "review/adjust_refused.html",
            proposal=_proposal(proposal_id),
            message=_first_message(error),
            form=form,
        )
        return page, 400
    db_session().commit()
    flash(_("The tonnes have been changed."), "success")
    return redirect(url_for("review.show", run_id=proposal.run_id, _anchor=f"p{proposal.id}"))


@bp.get("/proposals/<int:proposal_id>/check")
@coordinator_required
def check(proposal_id: int) -> Response:
    """The live recheck behind the tonnes field (`static/js/adjust_check.js`); changes nothing."""
    proposal = _proposal(proposal_id)
    settings = app_state().settings
    try:
        data = parse(AdjustInput, {"tonnes": _tonnes_arg()}, locale=current_locale())
        effect = check_tonnes(db_session(), proposal, data, settings.policy, today(settings))
    except ValidationError as error:
        return jsonify({"ok": False, "message": _first_message(error)})
    return jsonify(
        {
            "ok": True,
            "message": _(
                "%(n)s kg N, of which %(a)s kg from A.",
                n=f"{effect.n_kg:.0f}",
                a=f"{effect.a_n_kg:.0f}",
            ),
        }
    )


def _tonnes_arg() -> str | None:
    """The tonnes as typed in the field (in the visitor's locale); empty is none."""
    return (request.args.get("tonnes") or "").strip() or None


def _first_message(error: ValidationError) -> str:
    """The one refusal a verdict or an adjustment gets, in the visitor's language."""
    return message(next(iter(error.errors.values())))


def _decide(proposal_id: int, *, approve: bool) -> Response:
    proposal = _proposal(proposal_id)
    try:
        review(db_session(), proposal, current_user.id, DecisionInput(approve=approve))
    except ValidationError as error:
        db_session().rollback()
        flash(_first_message(error), "error")
        return redirect(url_for("review.show", run_id=proposal.run_id))
    db_session().commit()
    if approve:
        _tell_farms(farms_of([proposal]))
    flash(
        _("The proposal has been approved.") if approve else _("The proposal has been rejected."),
        "success",
    )
    return redirect(url_for("review.show", run_id=proposal.run_id, _anchor=f"p{proposal.id}"))


def _decide_all(run_id: int, *, approve: bool) -> Response:
    run = db_session().get(MatchRun, run_id)
    if run is None:
        abort(404)
    outcome = review_all(db_session(), run, current_user.id, DecisionInput(approve=approve))
    db_session().commit()
    if approve:
        _tell_farms(farms_of(outcome.changed))
    flash(
        _(
            "%(count)s proposals changed; %(skipped)s skipped because a listing changed.",
            count=len(outcome.changed),
            skipped=outcome.skipped,
        ),
        "success",
    )
    return redirect(url_for("review.show", run_id=run_id))


def _tell_farms(farms: list[Farm]) -> None:
    """One mail per active account of each farm with a newly approved proposal."""
    link = url_for("proposals.index", _external=True)
    body = _(
        "A coordinator approved a proposed delivery for your farm. Accept or decline "
        "it on %(link)s",
        link=link,
    )
    for farm in farms:
        for user in (user for user in farm.users if user.active):
            send_mail(app_state().settings, user.email, _("A mestmatch proposal for you"), body)


def _proposal(proposal_id: int) -> Proposal:
    proposal = db_session().get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    return proposal
