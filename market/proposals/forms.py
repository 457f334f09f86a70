"""Forms of the coordinator's review and of the delivery ledger; every one carries a token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from market.core.form_fields import day, number, text

DELIVERY_FIELDS = (
    "delivered_on",
    "weighed_tonnes",
    "n_kg_per_t",
    "p2o5_kg_per_t",
    "k2o_kg_per_t",
    "sample_analysis_ref",
    "transport_document_no",
    "intermediary_name",
)


class ActionForm(FlaskForm):
    """Approve, reject and the like: a button and the CSRF token."""

    submit = SubmitField(_l("Save"))


class AdjustForm(FlaskForm):
    tonnes = number(_l("Tonnes"))
    submit = SubmitField(_l("Change"))


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
