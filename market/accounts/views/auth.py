"""Log-in and log-out.

A failed log-in says why (missing field, unknown address or wrong password, disabled
account) in one sentence, without telling a stranger which addresses have accounts.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from market.core.forms import LoginForm
from market.core.language import safe_next
from market.core.limits import RateLimited, check_log_in, forgive_account
from market.core.login import authenticate, web_user

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/login.html", form=form, next_url=next_url), status
    try:
        account = check_log_in()
    except RateLimited:
        message = _("Too many failed log-ins. Wait a few minutes and try again.")
        return _login_failed(form, next_url, message, 429)
    error = _check_credentials(form.email.data or "", form.password.data or "")
    if error is not None:
        return _login_failed(form, next_url, error)  # a 401: counted as a failed log-in
    forgive_account(account)
    return redirect(next_url)


@bp.post("/logout")
def logout() -> Response:
    """A POST, so CSRFProtect checks the token: no other site can log a farmer out."""
    logout_user()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))


def _check_credentials(email: str, password: str) -> str | None:
    """Log the user in and return None, or return the translated reason it failed."""
    row = authenticate(email, password)
    if row is None:
        return _("The e-mail address or the password is not correct.")
    user = web_user(row)
    if not user.is_active:
        return _("This account has been disabled; ask a coordinator.")
    login_user(user)
    return None


def _login_failed(form: LoginForm, next_url: str, error: str, status: int = 401) -> tuple[str, int]:
    page = render_template("auth/login.html", form=form, next_url=next_url, login_error=error)
    return page, status
