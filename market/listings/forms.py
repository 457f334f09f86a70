"""Forms for lots (aanbod), requests (vraag), withdrawals and the browse filters.

They render the fields and carry the CSRF token; what the fields may hold is said once, in
`market.listings.schemas`, and the views read each form through its schema (`form_fields.read`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField
from wtforms.widgets import CheckboxInput, ListWidget

from market.core.form_fields import choice, day, flag, number, options, text
from market.core.i18n import KIND_LABELS
from market.models import CATEGORIES
from matching import rules

KIND_CHOICES = [("", _l("Choose a kind")), *KIND_LABELS.items()]
STATUS_CHOICES = [
    ("", _l("As the farm (default)")),
    ("organic", _l("organic")),
    ("conversion", _l("in conversion")),
    ("conventional", _l("not organic")),
]
GRADE_CHOICES = [("", _l("not bokashi / unknown")), ("A", "A"), ("B", "B"), ("C", "C")]
CONTENT_FIELDS = ("n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t", "analysed_on")
#: The origin's certification and the engine's origin fields, in INSTANCE.md's order.
ORIGIN_FIELDS = ("origin_status", *rules.ORIGIN_FIELDS)
LOT_FORM_FIELDS = (
    "kind",
    "tonnes",
    *CONTENT_FIELDS,
    *ORIGIN_FIELDS,
    "available_from",
    "available_until",
    "max_distance_km",
    "lat",
    "lon",
    "intermediary_name",
    "intermediary_skal_approved",
    "intermediary_valid_until",
)
REQUEST_FORM_FIELDS = (
    "n_kg",
    "kinds",
    "accept_nonorganic",
    "max_distance_km",
    "wanted_from",
    "wanted_until",
)


class OriginFields(FlaskForm):
    """Where a lot comes from: the inputs of the category rules (R7-R10)."""

    kind = choice(_l("Kind of fertiliser"), KIND_CHOICES)
    origin_status = choice(_l("Certification of the origin"), STATUS_CHOICES)
    husbandry_ok = flag(_l("The animals had grazing, outdoor access or litter"))
    direct_from_organic_farm = flag(_l("Delivered straight from a certified organic farm"))
    manure_share = number(_l("Digestate: share of animal manure (0 to 1)"))
    manure_organic = flag(_l("Digestate: the manure is organic"))
    coproducts_annex_ii = flag(_l("Digestate: co-products allowed by Annex II"))
    coproducts_organic_share = number(_l("Digestate: organic share of the co-products (0 to 1)"))
    made_from = choice(_l("Bokashi: made from (grade)"), GRADE_CHOICES)
    skal_input_list = flag(_l("Nitrogen fertiliser on the Skal input list"))


class LotForm(OriginFields):
    """Every column of a lot a farmer states; the category is derived, never typed."""

    tonnes = number(_l("Quantity (tonnes)"))
    n_kg_per_t = number(_l("N (kg per tonne)"))
    p2o5_kg_per_t = number(_l("P2O5 (kg per tonne)"))
    k2o_kg_per_t = number(_l("K2O (kg per tonne)"))
    analysed_on = day(_l("Date of the lab analysis"))
    available_from = day(_l("Available from"))
    available_until = day(_l("Available until"))
    max_distance_km = number(_l("Maximum transport distance (km)"))
    lat = number(_l("Latitude of the storage site"))
    lon = number(_l("Longitude of the storage site"))
    intermediary_name = text(_l("Manure intermediary (mestintermediair)"))
    intermediary_skal_approved = flag(_l("The intermediary holds a valid Skal declaration"))
    intermediary_valid_until = day(_l("Skal declaration valid until"))
    submit = SubmitField(_l("Save lot"))


class RequestForm(FlaskForm):
    n_kg = number(_l("Nitrogen wanted (kg N)"))
    kinds = SelectMultipleField(
        _l("Accepted kinds (none ticked: any kind)"),
        choices=options(KIND_LABELS.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    accept_nonorganic = flag(_l("I accept non-organic animal manure (category B)"))
    max_distance_km = number(_l("Maximum transport distance (km)"))
    wanted_from = day(_l("Wanted from"))
    wanted_until = day(_l("Wanted until"))
    submit = SubmitField(_l("Save request"))


class WithdrawForm(FlaskForm):
    submit = SubmitField(_l("Withdraw"))


class BrowseForm(FlaskForm):
    """The browse filters: a GET form, so a filtered page can be bookmarked (no token)."""

    class Meta:
        csrf = False

    side = choice(
        _l("Show"),
        [("both", _l("offers and requests")), ("lots", _l("offers")), ("requests", _l("requests"))],
    )
    kind = choice(_l("Kind"), [("", _l("all kinds")), *KIND_LABELS.items()])
    category = choice(_l("Category"), [("", _l("all categories"))] + [(c, c) for c in CATEGORIES])
    max_km = number(_l("Within (km of my farm)"))
    organic = flag(_l("Organic only"))
    start = day(_l("From"))
    end = day(_l("Until"))
    submit = SubmitField(_l("Filter"))
