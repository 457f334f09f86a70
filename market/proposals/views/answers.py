"""My proposals: what the matcher proposed and a coordinator approved, for my farm to answer.

Each side answers for itself (accept or decline); the other farm is told by e-mail after
the answer is saved, so a farmer does not have to check the site to learn the outcome.
Accept and decline are one handler, registered for both answers at the end.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from market.core.extensions import app_state, db_session
from market.core.i18n import kind_label
from market.core.mail import mail_farm
from market.core.permissions import my_farm
from market.core.routes import yes_and_no
from market.core.schemas.translate import message
from market.core.validation import ValidationError
from market.models import Farm, Proposal
from market.proposals.forms import ActionForm
from market.proposals.schemas import AnswerInput
from market.proposals.services.answers import FarmProposal, farm_proposals, respond, side_of

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


@bp.get("")
@login_required
def index() -> str:
    farm = my_farm()
    return render_template(
        "proposals/index.html",
        rows=farm_proposals(db_session(), farm.id),
        form=ActionForm(),
        n_value=app_state().settings.policy["n_value_eur_per_kg"],
    )


def _answer(proposal_id: int, *, yes: bool) -> Response:
    """My farm accepts (`yes`) or declines; the other farm is told once it is saved."""
    farm = my_farm()
    proposal = db_session().get(Proposal, proposal_id)
    if proposal is None or side_of(proposal, farm.id) is None:
        abort(404)
    try:
        seen = respond(db_session(), proposal, farm.id, AnswerInput(accept=yes))
    except ValidationError as error:
        flash(message(error.errors["proposal"]), "error")
        return redirect(url_for("proposals.index"))
    db_session().commit()
    _tell_counterpart(farm, seen, yes)
    flash(_("Your answer has been saved.") if yes else _("You have declined."), "success")
    return redirect(url_for("proposals.index"))


def _tell_counterpart(farm: Farm, seen: FarmProposal, accept: bool) -> None:
    """One short mail to each active account of the other farm."""
    lot = seen.proposal.lot
    tonnes = f"{seen.proposal.tonnes:.1f}"
    args = {"farm": farm.name, "tonnes": tonnes, "kind": kind_label(lot.kind)}
    body = (
        _("%(farm)s accepted the proposal of %(tonnes)s t %(kind)s.", **args)
        if accept
        else _("%(farm)s declined the proposal of %(tonnes)s t %(kind)s.", **args)
    )
    mail_farm(app_state().settings, seen.counterpart, _("Answer to a mestmatch proposal"), body)


yes_and_no(bp, "/<int:proposal_id>/{name}", ("accept", "decline"), _answer, login_required)
