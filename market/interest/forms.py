"""Forms of the interest area: they render the fields and carry the CSRF token; what a field
may hold is said once, in `market.interest.schemas` (the views read each form through it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField

from market.core.form_fields import SchemaForm, number
from market.interest.schemas import InterestInput, MessageInput

MESSAGE_BOX = {"rows": 4}
#: The `form_name` a thread's message form sends (the deal form sends none).
MESSAGE_FORM = "message"


class InterestForm(SchemaForm):
    """ "I am interested", with an optional first message (`InterestInput.body`)."""

    schema = InterestInput

    body = TextAreaField(_l("Message to the farm (optional)"), render_kw=MESSAGE_BOX)
    submit = SubmitField(_l("I am interested"))


class MessageForm(SchemaForm):
    """A message in a thread (`MessageInput.body`). It posts to the thread's own address, as
    the deal form does; its hidden `form_name` tells the view which of the two was sent."""

    schema = MessageInput
    form_name = HiddenField(default=MESSAGE_FORM)
    body = TextAreaField(_l("Your message"), render_kw=MESSAGE_BOX)
    submit = SubmitField(_l("Send"))


class OfferForm(FlaskForm):
    """A deal (`OfferInput`): the other side's listing, the tonnes and the price."""

    listing_id = SelectField(_l("Request or lot"), validate_choice=False)
    tonnes = number(_l("Quantity (tonnes)"))
    price_eur_per_t = number(_l("Price (€ per tonne, optional)"))
    submit = SubmitField(_l("Offer this deal"))


class AnswerForm(FlaskForm):
    """Agree or decline an offer: a button and the CSRF token."""

    submit = SubmitField(_l("Agree"))
