"""Sign-up and password reset.

A new farmer signs up together with the farm; the farm waits for a coordinator's approval
before it may trade. A reset link is signed with the app's secret and carries a piece of
the current password hash, so it stops working once the password has been changed; the
answer to "send me a link" is the same whether the address has an account or not. A new
password ends every session of the account and revokes its API tokens (`set_password`), so
whoever knew the old one is shut out; the mail and the page after the reset say so.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from market.accounts.forms.account import ResetPasswordForm, ResetRequestForm, SignupForm
from market.accounts.schemas import PasswordResetInput, SignupInput
from market.accounts.services.accounts import set_password, sign_up, taken
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, read
from market.core.login import find_user, log_in
from market.core.mail import send_mail
from market.core.routes import Page
from market.core.validation import ValidationError
from market.models import User

bp = Blueprint("account", __name__)
RESET_SALT = "mestmatch.password-reset"
RESET_MAX_AGE_S = 2 * 3600


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignupForm()
    if not form.validate_on_submit():
        return _page("account/signup.html", form, 400 if form.is_submitted() else 200)
    try:
        user = sign_up(db_session(), _signup_input(form))
    except ValidationError as error:
        return _page("account/signup.html", form, 400, attach_errors(form, error.errors))
    db_session().commit()
    log_in(user)
    flash(_("Welcome! A coordinator will check your Skal number and approve your farm."), "info")
    return redirect(url_for("farms.profile"))


def _signup_input(form: SignupForm) -> SignupInput:
    """The form as a `SignupInput`; when refused, a taken address or Skal number is named too."""
    try:
        return read(form, SignupInput)
    except ValidationError as error:
        found = taken(db_session(), form.email.data or "", form.skal_number.data or "")
        raise ValidationError({**found, **error.errors}) from None


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> Page:
    form = ResetRequestForm()
    if not form.validate_on_submit():
        return _page("account/forgot.html", form, 400 if form.is_submitted() else 200)
    user = find_user(form.email.data or "")
    if user is not None and user.active:
        _send_reset_mail(user)
    flash(_("If an account exists for this address, a reset link is on its way."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Page:
    user = user_from_token(token)
    if user is None:
        return render_template("account/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return _page("account/reset.html", form, 400 if form.is_submitted() else 200)
    try:
        set_password(db_session(), user, read(form, PasswordResetInput))
    except ValidationError as error:
        return _page("account/reset.html", form, 400, attach_errors(form, error.errors))
    db_session().commit()
    flash(_("Your password has been changed. Log in with the new one."), "info")
    flash(
        _("For your safety you have been logged out everywhere and your API tokens revoked."),
        "info",
    )
    return redirect(url_for("auth.login"))


def _page(template: str, form: object, status: int, loose: list[str] | None = None) -> Page:
    return render_template(template, form=form, loose_errors=loose or []), status


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def reset_token(user: User) -> str:
    """A signed token naming the user and the tail of the current password hash."""
    return _serializer().dumps({"user": user.id, "hash": user.password_hash[-16:]})


def user_from_token(token: str) -> User | None:
    """The user of a valid, unexpired, unused token, else None."""
    try:
        data = _serializer().loads(token, max_age=RESET_MAX_AGE_S)
    except BadSignature:
        return None
    user = db_session().get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or not user.active or user.password_hash[-16:] != data.get("hash"):
        return None
    return user


def _send_reset_mail(user: User) -> None:
    link = url_for("account.reset", token=reset_token(user), _external=True)
    body = _(
        "Someone asked to reset the password of your mestmatch account.\n\n"
        "Open this link within two hours to choose a new password:\n%(link)s\n\n"
        "A new password logs you out everywhere and revokes your API tokens.\n\n"
        "If it was not you, ignore this message; your password stays as it is.",
        link=link,
    )
    send_mail(app_state().settings, user.email, _("Reset your mestmatch password"), body)
