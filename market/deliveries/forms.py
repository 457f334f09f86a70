"""The form of a weighed delivery: it renders the fields and carries the CSRF token.

What a field may hold is said once, in `market.deliveries.schemas.Weighing`; the view reads
the form through it (`form_fields.read`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField

from market.core.form_fields import SchemaForm, day, flag, number, text
from market.deliveries.schemas import Weighing


class DeliveryForm(SchemaForm):
    """A weighed delivery (afleveringsbewijs) with its papers (R11)."""

    schema = Weighing

    delivered_on = day(_l("Delivery date"))
    weighed_tonnes = number(_l("Weighed quantity (tonnes)"))
    n_kg_per_t = number(_l("Sampled N (kg per tonne)"))
    p2o5_kg_per_t = number(_l("Sampled P2O5 (kg per tonne)"))
    k2o_kg_per_t = number(_l("Sampled K2O (kg per tonne)"))
    sample_analysis_ref = text(_l("Sample analysis reference"))
    transport_document_no = text(_l("Transport document number (VDM or CMR)"))
    intermediary_name = text(_l("Manure intermediary (mestintermediair)"))
    carrier = text(_l("Carrier (transporter)"))
    vehicle = text(_l("Vehicle registration (kenteken)"), autocapitalize="characters")
    lab = text(_l("Laboratory"))
    sample_number = text(_l("Sample number"))
    dry_matter_pct = number(_l("Dry matter (%)"))
    confirm_unusual = flag(_l("I confirm the sampled contents: they are right although unusual"))
    confirm_outside_window = flag(
        _l(
            "Delivered outside the delivery window: "
            "the receiver stores it until spreading is allowed"
        )
    )
    confirm_document_used = flag(
        _l("I confirm the transport document number: it is right although already used")
    )
    excess_reason = text(_l("Reason for booking more than agreed (coordinators)"))
    #: One-time token: sending the same form twice books one delivery (`Booking.key`).
    submission_key = HiddenField()
    submit = SubmitField(_l("Record delivery"))


class StatementForm(FlaskForm):
    """Issue a statement of non-availability: a button and the CSRF token."""

    submit = SubmitField(_l("Issue the statement"))
