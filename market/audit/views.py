"""The audit log page: coordinators see who decided what and when, filtered and paged.

Filters come from the query string (`action`, `actor`, `target_type`, `target_id`, `since`,
`until` as YYYY-MM-DD, `page`), read by `AuditQuery` in the coordinator's language, so a
filtered view is a link one coordinator can send to another; other parameters are ignored.
Times are shown, and dates filtered, in the farms' time zone (`settings.timezone`).
A refused filter is a 400 showing the message next to its field, with the unfiltered log.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from market.audit.forms import AuditForm
from market.audit.schemas import AuditQuery
from market.audit.services import AuditPage, actions, actors, find_entries, target_types
from market.core.extensions import app_state, db_session
from market.core.form_fields import read_filters
from market.core.permissions import coordinator_required

bp = Blueprint("audit", __name__, url_prefix="/audit")

#: The page of each kind of object an entry acts on: its endpoint and the id's argument.
TARGET_PAGES = {
    "farm": ("approvals.show", "farm_id"),
    "lot": ("lots.show", "lot_id"),
    "request": ("demand.show", "request_id"),
    "run": ("review.show", "run_id"),
}


@bp.get("")
@coordinator_required
def index() -> tuple[str, int]:
    form = AuditForm(request.args)
    wanted = read_filters(form, AuditQuery)
    session = db_session()
    form.offer(actions(session), actors(session), target_types(session))
    settings = app_state().settings
    page = find_entries(session, wanted, settings.zone)
    html = render_template(
        "audit/index.html",
        form=form,
        page=page,
        links=_links(page),
        args=request.args,
        zone=settings.timezone,
    )
    return html, 400 if form.errors else 200


def _links(page: AuditPage) -> dict[int, str]:
    """The page of the object each entry acts on, by entry id: a proposal's row on its run's
    page; none for a kind of object without a page of its own."""
    links = {}
    for row in page.rows:
        kind, target = row.entry.target_type, row.entry.target_id
        if kind == "proposal" and target in page.proposal_runs:
            run_id = page.proposal_runs[target]
            links[row.entry.id] = url_for("review.show", run_id=run_id, _anchor=f"p{target}")
        elif kind in TARGET_PAGES:
            endpoint, argument = TARGET_PAGES[kind]
            values: dict[str, Any] = {argument: target}
            links[row.entry.id] = url_for(endpoint, **values)
    return links
