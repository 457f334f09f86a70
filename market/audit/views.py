"""The audit log page: coordinators see who decided what and when, filtered and paged.

Filters come from the query string (`action`, `actor`, `target_type`, `target_id`, `since`,
`until` as YYYY-MM-DD, `page`), so a filtered view is a link one coordinator can send to
another. A value that cannot be read is a 400 with the form showing what was wrong.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from market.audit.services import AuditFilter, actions, actors, find_entries, target_types
from market.core.extensions import db_session
from market.core.permissions import coordinator_required

bp = Blueprint("audit", __name__, url_prefix="/audit")
NOT_A_DATE = _l("Give a date as YYYY-MM-DD.")
NOT_A_NUMBER = _l("Give a whole number from 1.")


@bp.get("")
@coordinator_required
def index() -> tuple[str, int]:
    errors: dict[str, str] = {}
    wanted = AuditFilter(
        action=request.args.get("action") or None,
        actor_id=_number("actor", errors),
        target_type=request.args.get("target_type") or None,
        target_id=_number("target_id", errors),
        since=_day("since", errors),
        until=_day("until", errors),
    )
    session = db_session()
    page = find_entries(session, wanted, _number("page", errors) or 1)
    choices = {"actions": actions(session), "actors": actors(session)}
    choices["target_types"] = target_types(session)
    html = render_template(
        "audit/index.html", page=page, args=request.args, errors=errors, **choices
    )
    return html, 400 if errors else 200


def _number(name: str, errors: dict[str, str]) -> int | None:
    """The query parameter `name` as a positive id, None when empty; noted in `errors` else."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 2_147_483_647:
        errors[name] = str(NOT_A_NUMBER)
        return None
    return int(raw)


def _day(name: str, errors: dict[str, str]) -> date | None:
    raw = request.args.get(name, "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        errors[name] = str(NOT_A_DATE)
        return None
