"""Why a coordinator's verdict or adjustment from a page is not taken: the proposal takes no
verdict any more (`closed_reason`: reviewed, superseded), or the page is out of date
(`stale_reason`: its `version`, the API's ETag `proposal_tag`, is not the proposal's now).
Either way nothing is written and the coordinator is told where the page scrolls to
(`back_closed`).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from market.core.api.http import tag_matches
from market.core.extensions import db_session
from market.core.i18n import format_number
from market.core.locks import lock_proposals
from market.core.permissions import found
from market.core.schemas.translate import message
from market.core.validation import FieldError
from market.models import Proposal, ReviewStatus
from market.proposals.api import proposal_tag
from market.proposals.forms import AdjustForm
from market.proposals.skips import flash_on_row


def stale_reason(proposal: Proposal) -> str | None:
    """Why the form posted is based on an out-of-date page, in the visitor's language: the
    proposal was approved (or otherwise reviewed) or changed since the page showed it
    (its `version` is not the proposal's tag now, `proposal_tag`, the API's If-Match rule);
    None when the page is current. The proposal's rows are locked first (`lock_proposals`,
    which reloads it), so the check and the write after it are one: of two forms posted at
    once with the same version only one passes."""
    lock_proposals(db_session(), [proposal])
    if tag_matches(proposal_tag(proposal), request.form.get("version") or ""):
        return None
    if proposal.review_status is ReviewStatus.APPROVED:
        return _(
            "This proposal was approved after you opened this page, perhaps in another tab."
            " Nothing was saved; the page now shows it as it is."
        )
    reason = closed_reason(proposal)
    if reason is not None:
        return reason
    return _(
        "This proposal was changed after you opened this page, perhaps in another tab (it"
        " now holds %(tonnes)s t). Nothing was saved: check it again and save again.",
        tonnes=format_number(proposal.tonnes, "#,##0.#"),
    )


def refuse_stale_adjust(
    proposal: Proposal, form: AdjustForm, stale: str
) -> Response | tuple[str, int]:
    """Nothing written: back to the run when the proposal takes no adjustment from this
    page any more (it was reviewed); else the adjust page again (409) with the proposal as it
    is now and its version, so the next change is based on what the coordinator sees."""
    db_session().rollback()
    proposal = found(Proposal, proposal.id)
    if proposal.review_status is not ReviewStatus.PROPOSED:
        return back_closed(proposal, stale)
    form.version.data = proposal_tag(proposal)
    page = render_template("decisions/adjust.html", proposal=proposal, message=stale, form=form)
    return page, 409


def closed_reason(proposal: Proposal) -> str | None:
    """Why `proposal` takes no verdict any more, in the visitor's language; None while it is
    open. A superseded one says that a later run replaced it, so the coordinator looks there
    instead of wondering who reviewed it."""
    if proposal.review_status is ReviewStatus.PROPOSED:
        return None
    if proposal.review_status is ReviewStatus.SUPERSEDED:
        return _(
            "This proposal was superseded by a later run that covers the same lot or request:"
            " review that run's proposals instead."
        )
    return message(FieldError("already_reviewed"))


def back_closed(proposal: Proposal, reason: str) -> Response:
    """Back to the proposal's run, saying why it takes no verdict (`closed_reason`,
    `stale_reason`): at the top of the page and on the proposal's row, which the redirect
    scrolls to (`skips.flash_on_row`)."""
    flash(reason, "error")
    flash_on_row(proposal.id, reason)
    return redirect(url_for("review.show", run_id=proposal.run_id, _anchor=f"p{proposal.id}"))
