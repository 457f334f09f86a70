"""The form of the runs page: the scope of a new run. WTForms renders it and carries the
token; `market.runs.schemas.RunScope` reads it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from market.core.form_fields import choice, day, flag, number
from market.models import PROVINCES
from matching.rules.outlets import default_load_prices


class RunForm(FlaskForm):
    """Scope of a new run: everything, one province, and/or a period; and how it values lots:
    one outlet cost for lots without their own, and transport per whole truck load."""

    region = choice(_l("Province"), [("", _l("all provinces")), *((p, p) for p in PROVINCES)])
    start = day(_l("From"))
    until = day(_l("Until"))
    outlet_eur_per_t = number(_l("Outlet cost for every lot (€ per tonne)"))
    loads = flag(_l("Whole truck loads"))
    eur_per_load = number(_l("Cost per load (€)"))
    eur_per_load_km = number(_l("Cost per load and km (€)"))
    submit = SubmitField(_l("Start matching"))
    #: The data's default prices of a load, which an empty price field means (for the hint).
    load_prices = default_load_prices()
