"""The shared web form: log-out, on every page (the log-in form lives in `market.accounts`).

Every form carries a CSRF token; labels are English source strings wrapped for translation.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class LogoutForm(FlaskForm):
    """An empty form: log-out is a POST with a CSRF token, so no other site can log you out."""

    submit = SubmitField(_l("Log out"))
