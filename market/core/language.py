"""Language switch: `/language/<code>?next=/path` stores the choice and goes back.

A plain link (not a form) so it works without JavaScript. Switching language changes
nothing but the visitor's own preference (cookie, and the account's `locale`), so a forged
link can do no harm and it needs no CSRF token.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from market.core.extensions import db_session
from market.core.i18n import LANGUAGES, SESSION_KEY
from market.models import User

bp = Blueprint("i18n", __name__)


@bp.get("/language/<code>")
def switch(code: str) -> Response:
    if code not in LANGUAGES:
        abort(404)
    session[SESSION_KEY] = code
    if current_user.is_authenticated:
        _save_on_account(current_user.id, code)
    return redirect(safe_next(request.args.get("next")))


def _save_on_account(user_id: int, code: str) -> None:
    session_db = db_session()
    row = session_db.get(User, user_id)
    if row is not None:
        row.locale = code
        session_db.commit()


def safe_next(target: str | None) -> str:
    """Only a path on this site: an absolute or scheme-relative URL would be an open redirect."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    foreign = parts.scheme or parts.netloc or target.startswith("//") or "\\" in target
    if foreign or not target.startswith("/"):
        return url_for("home.index")
    return target
