"""Log-in and log-out.

A failed log-in says why (missing field, unknown address or wrong password, disabled
account) in one sentence, without telling a stranger which addresses have accounts. The form
is read through `LoginInput`; a missing field is named next to it and is no failed log-in.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from market.accounts.forms.account import LoginForm
from market.accounts.schemas import LoginInput
from market.core.form_fields import attach_errors, read
from market.core.language import safe_next
from market.core.limits import RateLimited, check_log_in, forgive_account
from market.core.login import authenticate, log_in, log_out
from market.core.validation import ValidationError

bp = Blueprint("auth", __name__)
Page = Response | tuple[str, int]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Page:
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if not form.validate_on_submit():
        return _page(form, next_url, 400 if form.is_submitted() else 200)
    try:
        data = read(form, LoginInput)
    except ValidationError as error:
        attach_errors(form, error.errors)
        return _page(form, next_url, 400)
    return _log_in(form, next_url, data)


def _log_in(form: LoginForm, next_url: str, data: LoginInput) -> Page:
    """Within the limit of failed log-ins, check the credentials and go where asked."""
    try:
        account = check_log_in()
    except RateLimited:
        message = _("Too many failed log-ins. Wait a few minutes and try again.")
        return _page(form, next_url, 429, message)
    error = _check_credentials(data)
    if error is not None:
        return _page(form, next_url, 401, error)  # a 401: counted as a failed log-in
    forgive_account(account)
    return redirect(next_url)


@bp.post("/logout")
def logout() -> Response:
    """A POST, so CSRFProtect checks the token: no other site can log a farmer out. The
    session ends on the server, so a copy of the cookie logs nobody in afterwards."""
    log_out()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))


def _check_credentials(data: LoginInput) -> str | None:
    """Log the user in and return None, or return the translated reason it failed."""
    row = authenticate(data.email, data.password)
    if row is None:
        return _("The e-mail address or the password is not correct.")
    if not log_in(row):
        return _("This account has been disabled; ask a coordinator.")
    return None


def _page(form: LoginForm, next_url: str, status: int, error: str | None = None) -> Page:
    page = render_template("auth/login.html", form=form, next_url=next_url, login_error=error)
    return page, status
