"""The form of the runs page: the scope of a new run. WTForms renders it and carries the
token; `market.runs.schemas.RunScope` reads it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from market.core.form_fields import choice, day
from market.models import PROVINCES


class RunForm(FlaskForm):
    """Scope of a new run: everything, one province, and/or a period."""

    region = choice(_l("Province"), [("", _l("all provinces")), *((p, p) for p in PROVINCES)])
    start = day(_l("From"))
    until = day(_l("Until"))
    submit = SubmitField(_l("Start matching"))
