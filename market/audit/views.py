"""The audit log page: coordinators see who decided what and when, filtered and paged.

Filters come from the query string (`action`, `actor`, `target_type`, `target_id`, `since`,
`until` as YYYY-MM-DD, `page`), read by `AuditQuery` in the coordinator's language, so a
filtered view is a link one coordinator can send to another; other parameters are ignored.
Times are shown, and dates filtered, in the farms' time zone (`settings.timezone`).
A refused filter is a 400 showing the message next to its field, with the unfiltered log.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from market.audit.forms import AuditForm
from market.audit.schemas import AuditQuery
from market.audit.services import actions, actors, find_entries, target_types
from market.core.extensions import app_state, db_session
from market.core.form_fields import read_filters
from market.core.permissions import coordinator_required

bp = Blueprint("audit", __name__, url_prefix="/audit")


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
        "audit/index.html", form=form, page=page, args=request.args, zone=settings.timezone
    )
    return html, 400 if form.errors else 200
