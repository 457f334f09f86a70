"""Asking first: one page between a button and an irreversible step, with a reason.

Rejecting, rejecting all, declining and withdrawing cannot be undone and change what other
farms see, so their buttons lead to this page (`templates/layouts/confirm.html`); only its
POST acts. The reason is optional; the other parties read it.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from wtforms import SubmitField, TextAreaField

from market.core.form_fields import SchemaForm


class ReasonForm(SchemaForm):
    """The optional reason (as long as the operation's schema, given when the form is made,
    allows) and the CSRF token."""

    reason = TextAreaField(_l("Reason (optional; the other parties read it)"))
    submit = SubmitField(_l("Confirm"))


def confirm_page(
    heading: str,
    question: str,
    action: str,
    back: str,
    button: str,
    schema: type[BaseModel],
    version: str | None = None,
) -> str:
    """The question `heading` / `question`, a reason field (`schema`'s, the operation that
    reads it), the `button` that POSTs to `action`, and a way `back` that does nothing.
    `version`: what the question was asked about, posted back unseen, so the step is
    refused when that changed meanwhile (e.g. a proposal's tonnes, `proposal_tag`)."""
    return render_template(
        "layouts/confirm.html",
        heading=heading,
        question=question,
        action=action,
        back=back,
        button=button,
        form=ReasonForm(schema=schema),
        version=version,
    )
