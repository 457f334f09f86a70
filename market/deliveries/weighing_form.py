"""The delivery form as a weighing: read with every rule in one answer, and filled anew.

Split from `market.deliveries.views`: what the page does with the form between the request
and the booking service (`market.deliveries.services.deliveries`).
"""

from __future__ import annotations

import secrets

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.form_fields import form_input, read
from market.core.schemas import parse
from market.core.schemas.numbers import write_number
from market.core.schemas.translate import current_locale
from market.core.schemas.units import TONNES_DECIMALS, rounded
from market.core.validation import ValidationError
from market.deliveries.booking import booking
from market.deliveries.forms import DeliveryForm
from market.deliveries.schemas import MIN_WEIGHED_TONNES, Weighing
from market.deliveries.services.deliveries import allowed_tonnes, rule_errors
from market.models import Proposal


def tolerance_shown(proposal: Proposal) -> dict[str, float]:
    """The configured tolerance and the tonnes it allows on `proposal` in all, for the form
    to say how much more than agreed may still come (the booking's own rule)."""
    tolerance = app_state().settings.delivery_tolerance
    return {"tolerance": tolerance, "allowed": allowed_tonnes(proposal, tolerance)}


def weighing(form: DeliveryForm, proposal: Proposal) -> Weighing:
    """The form as a weighing. When some fields are refused, the rest is checked against
    the delivery's rules too (`rule_errors`), so every error comes in one answer: a refused
    date or weight is stood in for by today or 1 t, whose own rule errors fall on the
    refused field, where its refusal wins (the other rules do not read it)."""
    try:
        return read(form, Weighing)
    except ValidationError as refused:
        typed = form_input(form, Weighing)
        rest = {name: value for name, value in typed.items() if name not in refused.errors}
        stand_ins = {"delivered_on": today(app_state().settings).isoformat(), "weighed_tonnes": "1"}
        rest |= {name: value for name, value in stand_ins.items() if name in refused.errors}
        try:
            partial = parse(Weighing, rest, locale=current_locale())
        except ValidationError:
            raise refused from None
        rules = rule_errors(db_session(), proposal, partial, booking(None))
        raise ValidationError({**rules, **refused.errors}) from None


def blank(form: DeliveryForm, open_t: float) -> None:
    """A new weighing: today, the tonnes the proposal still has open to the kilogram the scale
    weighs (`TONNES_DECIMALS`; a tenth rounded up once made one click book more than agreed),
    empty when less is open than a scale can weigh."""
    form.delivered_on.data = today(app_state().settings).isoformat()
    if open_t >= MIN_WEIGHED_TONNES:
        form.weighed_tonnes.data = write_number(rounded(open_t, TONNES_DECIMALS), current_locale())
    form.submission_key.data = secrets.token_urlsafe(32)
