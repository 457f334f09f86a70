"""Forms for log-in, sign-up, password reset, API tokens and the coordinator's approval.

They render the fields and carry the CSRF token; what the fields may hold is said once, in
`market.accounts.schemas`, and the views read each form through its schema (`form_fields.read`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField, TextAreaField

from market.accounts.schemas import FarmMessageInput, LoginInput, SignupInput, TokenInput
from market.core.form_fields import SchemaForm, choice, flag, number, text
from market.models import PROVINCES

ROLE_CHOICES = [
    ("", _l("Choose your kind of farm")),
    ("livestock_farmer", _l("Livestock farm (I offer manure)")),
    ("arable_farmer", _l("Arable or horticultural farm (I need nitrogen)")),
]
SIGNUP_STATUS_CHOICES = [
    ("", _l("Choose a status")),
    ("organic", _l("organic")),
    ("conversion", _l("in conversion")),
]
PROVINCE_CHOICES = [("", _l("Choose a province")), *((name, name) for name in PROVINCES)]
TOKEN_SCOPE_CHOICES = [("read", _l("Read only")), ("write", _l("Read and write"))]


def _new_password(label: object) -> PasswordField:
    return PasswordField(label, render_kw={"autocomplete": "new-password"})


class SignupForm(SchemaForm):
    schema = SignupInput
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "email"})
    name = text(_l("Your name"), autocomplete="name")
    password = _new_password(_l("Password (at least 8 characters)"))
    password_again = _new_password(_l("Password again"))
    role = choice(_l("Kind of farm"), ROLE_CHOICES)
    farm_name = text(_l("Farm name"), autocomplete="organization")
    skal_number = text(_l("Skal number"), inputmode="numeric")
    status = choice(_l("Certification"), SIGNUP_STATUS_CHOICES)
    province = choice(_l("Province"), PROVINCE_CHOICES)
    address = text(_l("Address (optional)"), autocomplete="street-address")
    lat = number(_l("Latitude of the farm"))
    lon = number(_l("Longitude of the farm"))
    area_ha = number(_l("Land under the normal cap (ha)"))
    confirm_unusual = flag(_l("I confirm the hectares: they are right although unusual"))
    submit = SubmitField(_l("Sign up"))


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(FlaskForm):
    password = _new_password(_l("New password (at least 8 characters)"))
    password_again = _new_password(_l("New password again"))
    submit = SubmitField(_l("Save new password"))


class ApproveForm(FlaskForm):
    submit = SubmitField(_l("Approve farm"))


class FarmMessageForm(SchemaForm):
    """The coordinator's message with "ask for information" or "reject" (`FarmMessageInput`)."""

    schema = FarmMessageInput

    message = TextAreaField(_l("Message to the farmer"), render_kw={"rows": 4})


class LoginForm(SchemaForm):
    """Log-in with e-mail address and password."""

    schema = LoginInput

    email = EmailField(
        _l("E-mail address"), render_kw={"autocomplete": "username", "autofocus": True}
    )
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Log in"))


class TokenForm(SchemaForm):
    schema = TokenInput
    name = text(_l("Name (what uses the token)"))
    scope = choice(_l("Access"), TOKEN_SCOPE_CHOICES)


class RevokeForm(FlaskForm):
    """Only the CSRF token: revoking is a POST so no other site can trigger it."""
