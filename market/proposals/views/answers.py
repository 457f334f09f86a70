"""My proposals: what a coordinator approved (the matcher's proposals and my farm's own deals
with another farm), for my farm to answer.

Each side answers for itself (accept or decline); the other farm is told by e-mail after
the answer is saved, so a farmer does not have to check the site to learn the outcome.
Accept and decline are one handler, registered for both answers at the end.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from market.core.confirm import confirm_page
from market.core.extensions import app_state, db_session
from market.core.i18n import format_number, kind_label
from market.core.permissions import may_see, my_farm
from market.core.routes import yes_and_no
from market.core.schemas import parse
from market.core.schemas.translate import current_locale, message
from market.core.validation import FieldError, ValidationError
from market.interest.services.deals import deal_threads, is_deal_run
from market.models import Proposal, Thread
from market.proposals.forms import ActionForm
from market.proposals.notices import tell_answer
from market.proposals.schemas import AnswerInput
from market.proposals.services.answers import (
    FarmProposal,
    answer_problem,
    farm_proposals,
    respond,
    side_of,
)

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


@bp.get("")
@login_required
def index() -> str:
    rows = farm_proposals(db_session(), my_farm().id)
    return render_template(
        "proposals/index.html",
        rows=rows,
        deals=_deals(rows),
        form=ActionForm(),
        n_value=app_state().settings.policy["n_value_eur_per_kg"],
        tolerance=app_state().settings.delivery_tolerance,
    )


def _deals(rows: list[FarmProposal]) -> dict[int, int | None]:
    """The deal runs among the rows' runs (`deal_threads`), each with its thread only when
    the viewer may read it: the page names those proposals as the farms' own deals."""
    deals = deal_threads({row.proposal.run for row in rows})
    return {run_id: _readable(thread_id) for run_id, thread_id in deals.items()}


def _readable(thread_id: int | None) -> int | None:
    thread = db_session().get(Thread, thread_id) if thread_id is not None else None
    return thread.id if thread is not None and may_see(*thread.farm_ids) else None


@bp.get("/<int:proposal_id>/decline")
@login_required
def confirm_decline(proposal_id: int) -> str | Response:
    """Asking first, with room for a reason the other farm and the coordinator read; a
    proposal this farm can no longer answer (answered already, not approved, changed) goes
    back to My proposals with the reason, as the answer itself would."""
    proposal = _mine(proposal_id)
    problem = answer_problem(proposal, my_farm().id)
    if problem is not None:
        flash(message(FieldError(problem)), "error")
        return redirect(url_for("proposals.index"))
    heading, question = _decline_words(proposal)
    return confirm_page(
        heading=heading,
        question=question,
        action=url_for("proposals.decline", proposal_id=proposal.id),
        back=url_for("proposals.index"),
        button=_("Decline"),
        schema=AnswerInput,
    )


def _decline_words(proposal: Proposal) -> tuple[str, str]:
    """The heading and question before declining; a deal is asked about as the deal the two
    farms agreed."""
    what = {
        "tonnes": format_number(proposal.tonnes, "#,##0.#"),
        "kind": kind_label(proposal.lot.kind),
    }
    if is_deal_run(proposal.run):
        question = _(
            "%(tonnes)s t %(kind)s. Once declined, the deal cannot be accepted again.", **what
        )
        return _("Decline this deal?"), question
    question = _(
        "%(tonnes)s t %(kind)s. Once declined, the proposal cannot be accepted again.", **what
    )
    return _("Decline this proposal?"), question


def _mine(proposal_id: int) -> Proposal:
    """A proposal my farm is a party to, else 404."""
    proposal = db_session().get(Proposal, proposal_id)
    if proposal is None or side_of(proposal, my_farm().id) is None:
        abort(404)
    return proposal


def _answer(proposal_id: int, *, yes: bool) -> Response:
    """My farm accepts (`yes`) or declines; the other farm is told once it is saved."""
    farm = my_farm()
    proposal = _mine(proposal_id)
    try:
        reason = None if yes else request.form.get("reason")
        answer = parse(AnswerInput, {"accept": yes, "reason": reason}, locale=current_locale())
        seen = respond(db_session(), proposal, farm.id, answer)
    except ValidationError as error:
        flash(message(next(iter(error.errors.values()))), "error")
        return redirect(url_for("proposals.index"))
    tell_answer(farm, seen, yes)
    db_session().commit()
    flash(_("Your answer has been saved.") if yes else _("You have declined."), "success")
    return redirect(url_for("proposals.index"))


yes_and_no(bp, "/<int:proposal_id>/{name}", ("accept", "decline"), _answer, login_required)
