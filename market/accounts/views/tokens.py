"""API tokens on the account's own page: make one (shown once), see them, revoke one.

The secret is shown on the page that answers the POST and nowhere else: not in a flash
message (stored in the session cookie) and not in the database (only its digest is kept).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from market.accounts.forms.account import RevokeForm, TokenForm
from market.accounts.schemas import TokenInput
from market.accounts.services.api_tokens import issue_token, revoke_token, user_tokens
from market.core.extensions import db_session
from market.core.form_fields import attach_errors, read
from market.core.validation import ValidationError
from market.models import User

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


@bp.get("")
@login_required
def index() -> str:
    return _page(TokenForm())


@bp.post("")
@login_required
def create() -> str | tuple[str, int]:
    form = TokenForm()
    if not form.validate():
        return _page(form), 400
    user = db_session().get(User, current_user.id)
    if user is None:
        abort(403)
    try:
        data = read(form, TokenInput)
    except ValidationError as error:
        attach_errors(form, error.errors)
        return _page(form), 400
    _token, secret = issue_token(db_session(), user, data.name, data.scope)
    db_session().commit()
    return _page(TokenForm(formdata=None), secret=secret)


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Response:
    if not RevokeForm().validate_on_submit():
        abort(400)
    if not revoke_token(db_session(), current_user.id, token_id):
        abort(404)
    db_session().commit()
    flash(_("The token has been revoked."), "success")
    return redirect(url_for("tokens.index"))


def _page(form: TokenForm, secret: str | None = None) -> str:
    tokens = user_tokens(db_session(), current_user.id)
    return render_template(
        "account/tokens.html", form=form, tokens=tokens, secret=secret, revoke_form=RevokeForm()
    )
