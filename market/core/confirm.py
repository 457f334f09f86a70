"""Asking first: one page between a button and an irreversible step, with a reason.

Rejecting, rejecting all, declining and withdrawing cannot be undone and change what other
farms see, so their buttons lead to this page (`templates/layouts/confirm.html`); only its
POST acts. The reason is optional; the other parties read it.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField


class ReasonForm(FlaskForm):
    """The optional reason (at most `MAX_REASON_LENGTH` characters, checked by the operation's
    schema) and the CSRF token."""

    reason = TextAreaField(_l("Reason (optional; the other parties read it)"))
    submit = SubmitField(_l("Confirm"))


def confirm_page(heading: str, question: str, action: str, back: str, button: str) -> str:
    """The question `heading` / `question`, a reason field, the `button` that POSTs to
    `action`, and a way `back` that does nothing."""
    return render_template(
        "layouts/confirm.html",
        heading=heading,
        question=question,
        action=action,
        back=back,
        button=button,
        form=ReasonForm(),
    )
