"""The form of a weighed delivery: it renders the fields and carries the CSRF token.

What a field may hold is said once, in `market.deliveries.schemas.Weighing`; the view reads
the form through it (`form_fields.read`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from market.core.form_fields import day, number, text


class DeliveryForm(FlaskForm):
    """A weighed delivery (afleveringsbewijs) with its papers (R11)."""

    delivered_on = day(_l("Delivery date"))
    weighed_tonnes = number(_l("Weighed quantity (tonnes)"))
    n_kg_per_t = number(_l("Sampled N (kg per tonne)"))
    p2o5_kg_per_t = number(_l("Sampled P2O5 (kg per tonne)"))
    k2o_kg_per_t = number(_l("Sampled K2O (kg per tonne)"))
    sample_analysis_ref = text(_l("Sample analysis reference"))
    transport_document_no = text(_l("Transport document number (VDM or CMR)"))
    intermediary_name = text(_l("Manure intermediary (mestintermediair)"))
    submit = SubmitField(_l("Record delivery"))
