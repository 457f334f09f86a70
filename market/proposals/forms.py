"""Forms of the coordinator's review: they render the fields and carry the CSRF token.

What a field may hold is said once, in `market.proposals.schemas`; the views read each form
through its schema (`form_fields.read`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField

from market.core.form_fields import number


class ActionForm(FlaskForm):
    """Approve, reject and the like: a button and the CSRF token."""

    submit = SubmitField(_l("Save"))


class AdjustForm(FlaskForm):
    """A proposal's new tonnes (`AdjustInput`)."""

    tonnes = number(_l("Tonnes"))
    version = HiddenField()  # the proposal as the page showed it (`api.proposal_tag`)
    submit = SubmitField(_l("Change"))
