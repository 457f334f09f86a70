"""Sign-up and password reset.

A new farmer signs up together with the farm; the farm waits for a coordinator's approval
before it may trade. Neither form tells whether an address has an account: a sign-up is
answered "check your mail" either way, and the mail confirms a new account (its link logs
the farmer in) or tells the holder of an existing one how to log in or reset; "send me a
reset link" is answered the same whether a link goes out or not. Both are rate-limited
per address typed and per client (`market.core.limits.limit_account_mails`), and their
mails go through the outbox (`market.core.mail`), so a mail server that is down changes
no answer. A reset link is signed with the app's secret and carries a piece of the current
password hash, so it stops working once the password has been changed. A new password ends
every session of the account and revokes its API tokens (`set_password`), so whoever knew
the old one is shut out; the mail and the page after the reset say so.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from market.accounts.forms.account import ResetPasswordForm, ResetRequestForm, SignupForm
from market.accounts.schemas import PasswordResetInput, SignupInput
from market.accounts.services.accounts import (
    SignedUp,
    confirm_email,
    set_password,
    sign_up,
    taken,
)
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, read
from market.core.limits import limit_account_mails
from market.core.login import find_user, log_in
from market.core.mail import Letter, mail_user
from market.core.routes import Page
from market.core.schemas.translate import current_locale
from market.core.validation import ValidationError
from market.models import User

bp = Blueprint("account", __name__)
RESET_SALT = "mestmatch.password-reset"
RESET_MAX_AGE_S = 2 * 3600
CONFIRM_SALT = "mestmatch.signup-confirm"
CONFIRM_MAX_AGE_S = 7 * 24 * 3600


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignupForm()
    if not form.validate_on_submit():
        return _page("account/signup.html", form, 400 if form.is_submitted() else 200)
    try:
        data = _signup_input(form)
        limit_account_mails()
        outcome = sign_up(db_session(), data)
    except ValidationError as error:
        return _page("account/signup.html", form, 400, attach_errors(form, error.errors))
    _send_signup_mail(outcome)
    db_session().commit()
    flash(_("Check your mail: open the link we sent you to finish signing up."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/signup/confirm/<token>")
def confirm(token: str) -> Page:
    """The link of the sign-up mail: the address is proven, the farmer logged in. A link
    used, expired or not ours sends to the log-in form."""
    user = _user_from_confirm_token(token)
    if user is None or not confirm_email(db_session(), user):
        flash(_("This link is not valid any more. Log in, or ask for a new password."), "error")
        return redirect(url_for("auth.login"))
    db_session().commit()
    log_in(user)
    flash(_("Welcome! A coordinator will check your Skal number and approve your farm."), "info")
    return redirect(url_for("farms.profile"))


def _signup_input(form: SignupForm) -> SignupInput:
    """The form as a `SignupInput`; when refused, a taken Skal number or name is named too."""
    try:
        return read(form, SignupInput)
    except ValidationError as error:
        found = taken(db_session(), form.skal_number.data or "", form.farm_name.data or "")
        raise ValidationError({**found, **error.errors}) from None


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> Page:
    form = ResetRequestForm()
    if not form.validate_on_submit():
        return _page("account/forgot.html", form, 400 if form.is_submitted() else 200)
    limit_account_mails()
    user = find_user(form.email.data or "")
    if user is not None and user.active:
        _send_reset_mail(user)
        db_session().commit()
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


def _serializer(salt: str = RESET_SALT) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


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


def confirm_token(user: User) -> str:
    """A signed token naming the user, for the sign-up mail's link."""
    return _serializer(CONFIRM_SALT).dumps({"user": user.id})


def _user_from_confirm_token(token: str) -> User | None:
    try:
        data = _serializer(CONFIRM_SALT).loads(token, max_age=CONFIRM_MAX_AGE_S)
    except BadSignature:
        return None
    user = db_session().get(User, data.get("user")) if isinstance(data, dict) else None
    return user if user is not None and user.active else None


def _send_signup_mail(outcome: SignedUp) -> None:
    """The link that finishes a sign-up, to a new or still unconfirmed account; to the holder
    of a confirmed one, word that somebody tried, and how to log in or reset. A new account
    keeps the language it signed up in, for this mail and every later one."""
    user = outcome.user
    if outcome.created:
        user.locale = current_locale()
    if outcome.created or user.email_confirmed_at is None:
        link = url_for("account.confirm", token=confirm_token(user), _external=True)
        _mail(user, lambda: (_("Finish signing up for mestmatch"), _welcome(link)))
        return
    _mail(user, lambda: (_("Signing up for mestmatch"), _someone_tried()))


def _welcome(link: str) -> str:
    return _(
        "Welcome to mestmatch.\n\n"
        "Open this link within seven days to confirm your e-mail address and log in:\n"
        "%(link)s\n\n"
        "A coordinator then checks your Skal number and approves your farm.\n\n"
        "If you did not sign up, ignore this message: without the link the account "
        "cannot be used.",
        link=link,
    )


def _someone_tried() -> str:
    return _(
        "Someone tried to sign up for mestmatch with this e-mail address, which already has "
        "an account.\n\n"
        "If it was you, log in at %(login)s\n"
        "or, if you forgot your password, choose a new one at %(forgot)s\n\n"
        "If it was not you, ignore this message; nothing has changed.",
        login=url_for("auth.login", _external=True),
        forgot=url_for("account.forgot", _external=True),
    )


def _send_reset_mail(user: User) -> None:
    link = url_for("account.reset", token=reset_token(user), _external=True)
    _mail(user, lambda: (_("Reset your mestmatch password"), _reset_text(link)))


def _reset_text(link: str) -> str:
    return _(
        "Someone asked to reset the password of your mestmatch account.\n\n"
        "Open this link within two hours to choose a new password:\n%(link)s\n\n"
        "A new password logs you out everywhere and revokes your API tokens.\n\n"
        "If it was not you, ignore this message; your password stays as it is.",
        link=link,
    )


def _mail(user: User, letter: Letter) -> None:
    mail_user(db_session(), app_state().settings, user, letter)
