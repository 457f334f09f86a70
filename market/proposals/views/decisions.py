"""The coordinator's verdicts on proposals: approve, reject (one or all) and adjust tonnes.

Each POST changes rows through `services/capacity.py` or `services/adjust.py` (which also
write the audit log, for the page and the API alike), commits once, and only then mails the
farms of the approved proposals (they answer on "My proposals") and of the rejected deals
(they agreed them and wait for the verdict). A deal's proposal is asked about as a deal.
The tonnes are read through `AdjustInput` in the coordinator's locale ("100,5" in Dutch);
refusals are shown translated next to the field. Approve and reject (one or all) are one
handler each, registered for both verdicts at the end (`market.core.routes.yes_and_no`).
The approve and adjust forms carry the proposal as the page showed it (`version`, the API's
ETag `proposal_tag`): a form from a page opened before the proposal was approved or changed
in another tab is refused, nothing written (`guards.stale_reason`, checked under the rows' locks).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from market.core.clock import today
from market.core.confirm import confirm_page
from market.core.extensions import app_state, db_session
from market.core.form_fields import read
from market.core.i18n import format_number
from market.core.permissions import coordinator_required, found
from market.core.routes import yes_and_no
from market.core.schemas import parse
from market.core.schemas.translate import current_locale, message
from market.core.validation import ValidationError
from market.interest.services.deals import is_deal_run
from market.models import MatchRun, Proposal, ReviewStatus
from market.proposals.api import proposal_tag
from market.proposals.forms import AdjustForm
from market.proposals.notices import tell_approved, tell_rejected
from market.proposals.schemas import AdjustInput, DecisionInput
from market.proposals.services.adjust import adjust_tonnes, check_tonnes
from market.proposals.services.capacity import Ground, review, review_all, review_set
from market.proposals.skips import summary
from market.proposals.views.guards import (
    back_closed,
    closed_reason,
    refuse_stale_adjust,
    stale_reason,
)
from market.runs.schemas import proposal_query
from market.runs.services.desk import filtered

bp = Blueprint("decisions", __name__, url_prefix="/review")
bp.add_app_template_global(proposal_tag)  # the review rows' forms carry it as `version`

#: The run page's table of proposals (`review/_proposals.html`).
DESK = "proposals-title"


@bp.get("/proposals/<int:proposal_id>/adjust")
@coordinator_required
def adjust_page(proposal_id: int) -> Response | str:
    """The tonnes field alone, at the address a refused adjustment answers on, so that page
    can be opened again; a proposal that takes no verdict any more goes back to its run."""
    proposal = found(Proposal, proposal_id)
    closed = closed_reason(proposal)
    if closed is not None:
        return back_closed(proposal, closed)
    tonnes = format_number(proposal.tonnes, "0.#")  # as the run page writes it, ungrouped
    form = AdjustForm(data={"tonnes": tonnes, "version": proposal_tag(proposal)})
    return render_template("decisions/adjust.html", proposal=proposal, message=None, form=form)


@bp.post("/proposals/<int:proposal_id>/adjust")
@coordinator_required
def adjust(proposal_id: int) -> Response | tuple[str, int]:
    """New tonnes; a refusal answers 400 with the form, its message and the typed value."""
    proposal = found(Proposal, proposal_id)
    form = AdjustForm()
    stale = stale_reason(proposal)
    if stale is not None:
        return refuse_stale_adjust(proposal, form, stale)
    settings = app_state().settings
    try:
        data = read(form, AdjustInput)
        on = today(settings)
        adjust_tonnes(db_session(), proposal, current_user.id, data, settings.policy, on)
    except ValidationError as error:
        db_session().rollback()
        page = render_template(
            "decisions/adjust.html",
            proposal=found(Proposal, proposal_id),
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
    proposal = found(Proposal, proposal_id)
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
                n=format_number(effect.n_kg, "#,##0"),
                a=format_number(effect.a_n_kg, "#,##0"),
            ),
        }
    )


def _tonnes_arg() -> str | None:
    """The tonnes as typed in the field (in the visitor's locale); empty is none."""
    return (request.args.get("tonnes") or "").strip() or None


def _first_message(error: ValidationError) -> str:
    """The one refusal a verdict or an adjustment gets, in the visitor's language."""
    return message(next(iter(error.errors.values())))


@bp.get("/proposals/<int:proposal_id>/reject")
@coordinator_required
def confirm_reject(proposal_id: int) -> Response | str:
    """Asking first, with room for a reason: a rejection cannot be undone. A proposal that
    takes no verdict any more gets no form: back to its run with the reason."""
    proposal = found(Proposal, proposal_id)
    closed = closed_reason(proposal)
    if closed is not None:
        return back_closed(proposal, closed)
    heading, question = _reject_words(proposal)
    return confirm_page(
        heading=heading,
        question=question,
        action=url_for("decisions.reject", proposal_id=proposal.id),
        back=url_for("review.show", run_id=proposal.run_id, _anchor=f"p{proposal.id}"),
        button=_("Reject"),
        schema=DecisionInput,
        version=proposal_tag(proposal),
    )


def _reject_words(proposal: Proposal) -> tuple[str, str]:
    """The heading and question before a rejection; a deal's proposal is asked about as the
    deal two farms agreed."""
    route = {
        "tonnes": format_number(proposal.tonnes, "#,##0.#"),
        "supplier": proposal.lot.farm.name,
        "receiver": proposal.request.farm.name,
    }
    if is_deal_run(proposal.run):
        question = _(
            "%(tonnes)s t from %(supplier)s to %(receiver)s. A rejected deal cannot be"
            " approved later.",
            **route,
        )
        return _("Reject this deal?"), question
    question = _(
        "%(tonnes)s t from %(supplier)s to %(receiver)s. A rejected proposal cannot be"
        " approved later.",
        **route,
    )
    return _("Reject this proposal?"), question


@bp.get("/runs/<int:run_id>/reject-all")
@coordinator_required
def confirm_reject_all(run_id: int) -> str:
    """Asking first: rejecting all of a run's open proposals cannot be undone."""
    run = found(MatchRun, run_id)
    return confirm_page(
        heading=_("Reject all open proposals of this run?"),
        question=_("Rejected proposals cannot be approved later."),
        action=url_for("decisions.reject_all", run_id=run.id),
        back=url_for("review.show", run_id=run.id),
        button=_("Reject all"),
        schema=DecisionInput,
    )


def _verdict(yes: bool) -> DecisionInput:
    """The verdict with the reason typed on the confirmation page (none for an approval)."""
    reason = None if yes else request.form.get("reason")
    return parse(DecisionInput, {"approve": yes, "reason": reason}, locale=current_locale())


def _ground() -> Ground:
    """The policy and the farms' date an approval is judged by (R1, R2, R8, a deal's arcs)."""
    settings = app_state().settings
    return Ground(settings.policy, today(settings))


def _decide(proposal_id: int, *, yes: bool) -> Response:
    """Approve (`yes`) or reject one proposal; the farms hear of an approval and of a
    deal's rejection."""
    proposal = found(Proposal, proposal_id)
    stale = stale_reason(proposal)
    if stale is not None:
        db_session().rollback()
        return back_closed(proposal, stale)
    try:
        review(db_session(), proposal, current_user.id, _verdict(yes), _ground())
    except ValidationError as error:
        db_session().rollback()
        flash(closed_reason(proposal) or _first_message(error), "error")
        return redirect(url_for("review.show", run_id=proposal.run_id))
    if yes:
        tell_approved([proposal])
    else:
        tell_rejected([proposal])
    db_session().commit()
    flash(
        _("The proposal has been approved.") if yes else _("The proposal has been rejected."),
        "success",
    )
    return redirect(url_for("review.show", run_id=proposal.run_id, _anchor=f"p{proposal.id}"))


def _decide_all(run_id: int, *, yes: bool) -> Response:
    """Approve (`yes`) or reject every unreviewed proposal of the run still as it was. When
    some were skipped, back to the run's open proposals: after an approve-all those are the
    skipped ones, each row saying why (`skips.row_notes`)."""
    run = found(MatchRun, run_id)
    try:
        verdict = _verdict(yes)
    except ValidationError as error:
        flash(_first_message(error), "error")
        return redirect(url_for("review.show", run_id=run_id))
    outcome = review_all(db_session(), run, current_user.id, verdict, _ground())
    if yes:
        tell_approved(outcome.changed)
    else:
        tell_rejected(outcome.changed)
    db_session().commit()
    flash(summary(outcome, yes=yes), "success")
    if outcome.skipped:
        status = ReviewStatus.PROPOSED.value
        return redirect(url_for("review.show", run_id=run_id, status=status, _anchor=DESK))
    return redirect(url_for("review.show", run_id=run_id))


@bp.post("/runs/<int:run_id>/approve-filtered")
@coordinator_required
def approve_filtered(run_id: int) -> Response:
    """Approve the open proposals that the run page's filter (its query string, read by the
    page's own `ProposalQuery`) shows, on every page; a refused filter approves nothing."""
    run = found(MatchRun, run_id)
    query, refused = proposal_query(request.args)
    if refused:
        flash(_first_message(ValidationError(refused)), "error")
        return redirect(url_for("review.show", run_id=run.id))
    chosen = [row.proposal for row in filtered(db_session(), run.id, query)]
    outcome = review_set(db_session(), chosen, current_user.id, _verdict(True), _ground())
    tell_approved(outcome.changed)
    db_session().commit()
    flash(summary(outcome, yes=True), "success")
    back: dict[str, Any] = {**query.filtering(), "sort": query.sort}
    return redirect(url_for("review.show", run_id=run.id, _anchor=DESK, **back))


yes_and_no(
    bp, "/proposals/<int:proposal_id>/{name}", ("approve", "reject"), _decide, coordinator_required
)
yes_and_no(
    bp,
    "/runs/<int:run_id>/{name}",
    ("approve_all", "reject_all"),
    _decide_all,
    coordinator_required,
)
