"""Forms for lots (aanbod), requests (vraag), withdrawals and the browse filters.

They render the fields and carry the CSRF token; what the fields may hold is said once, in
`market.listings.schemas`, and the views read each form through its schema (`form_fields.read`).
The lot form offers the RVO manure codes grouped by kind (each option names its kind, so the
page's script can show only the chosen kind's), and a digestate's mix as rows of a code and
a share; `manure_mix_input` turns those rows into the schema's `manure_mix`. A request names
the land the manure goes on (`LAND_USE_LABELS`), which decides when spreading is legal.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from market.core.form_fields import SchemaForm, choice, day, flag, number, options, text
from market.core.i18n import KIND_LABELS
from market.core.labels.manure_codes import manure_code_label
from market.listings.schemas import LotInput, SuspensionInput
from market.models import CATEGORIES
from matching import reference, rules
from matching.rules.plausibility import CONTENT_FIELDS

KIND_CHOICES = [("", _l("Choose a kind")), *KIND_LABELS.items()]
STATUS_CHOICES = [
    ("", _l("As the farm (default)")),
    ("organic", _l("organic")),
    ("conversion", _l("in conversion")),
    ("conventional", _l("not organic")),
]
#: The receiving land uses of the spreading calendar (`matching.rules.calendar.LAND_USES`).
LAND_USE_LABELS = {
    "grassland_sand_loess": _l("Grassland on sand or loess"),
    "grassland_clay_peat": _l("Grassland on clay or peat"),
    "arable_sand_loess": _l("Arable land on sand or loess"),
    "arable_clay_peat": _l("Arable land on clay or peat"),
}
#: The spreading calendar's classes of kind (`matching/data/spreading_periods.json`).
CLASS_LABELS = {
    "slurry": _l("Slurry"),
    "solid": _l("Solid manure"),
    "organic_other": _l("Compost and other organic fertilisers"),
    "mineral": _l("Nitrogen fertiliser"),
}
GRADE_CHOICES = [("", _l("not bokashi / unknown")), ("A", "A"), ("B", "B"), ("C", "C")]
#: The checkbox a farmer ticks to keep a figure outside its usual range (saved with a flag).
CONFIRM_LABEL = _l("I confirm these figures: they are right although unusual")
#: The origin's certification and the engine's origin fields, in INSTANCE.md's order.
ORIGIN_FIELDS = ("origin_status", *rules.ORIGIN_FIELDS)
#: A digestate's mix: rows of a manure code and its share (%), as many as the VDM takes.
MIX_ROWS = range(1, int(reference.manure_codes()["digestate"]["max_parts"]) + 1)
MIX_FIELDS = (
    *(f"mix_code_{row}" for row in MIX_ROWS),
    *(f"mix_percent_{row}" for row in MIX_ROWS),
    "coproduct_code",
)
LOT_FORM_FIELDS = (
    "kind",
    "manure_code",
    "tonnes",
    *CONTENT_FIELDS,
    "analysed_on",
    *ORIGIN_FIELDS,
    "available_from",
    "available_until",
    "max_distance_km",
    "price_eur_per_t",
    "outlet_eur_per_t",
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
    "price_eur_per_t",
    "wanted_from",
    "wanted_until",
    "land_use",
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


def code_choices(blank: object) -> list[SelectChoice]:
    """`blank` first, then every manure code "14 · name" under its kind's label, each option
    carrying its kind (`data-kind`) for the page's script. Built per request: the names are
    in the visitor's language."""
    choices = [SelectChoice("", str(blank))]
    for kind, label in KIND_LABELS.items():
        choices += [
            SelectChoice(code, manure_code_label(code), {"data-kind": kind}, str(label))
            for code in reference.codes_of_kind(kind)
        ]
    return choices


class LotForm(OriginFields, SchemaForm):
    """Every column of a lot a farmer states; the category is derived, never typed."""

    schema = LotInput

    manure_code = SelectField(
        _l("RVO manure code (mestcode)"), validate_choice=False, render_kw={"data-by-kind": "kind"}
    )
    tonnes = number(_l("Quantity (tonnes)"))
    n_kg_per_t = number(_l("N (kg per tonne)"))
    p2o5_kg_per_t = number(_l("P2O5 (kg per tonne)"))
    k2o_kg_per_t = number(_l("K2O (kg per tonne)"))
    analysed_on = day(_l("Date of the lab analysis"))
    available_from = day(_l("Available from"))
    available_until = day(_l("Available until"))
    max_distance_km = number(_l("Maximum transport distance (km)"))
    price_eur_per_t = number(_l("Price asked (€ per tonne, optional)"))
    outlet_eur_per_t = number(_l("Cost of your other outlet (€ per tonne, optional)"))
    lat = number(_l("Latitude of the storage site"))
    lon = number(_l("Longitude of the storage site"))
    intermediary_name = text(_l("Manure intermediary (mestintermediair)"))
    intermediary_skal_approved = flag(_l("The intermediary holds a valid Skal declaration"))
    intermediary_valid_until = day(_l("Skal declaration valid until"))
    coproduct_code = text(_l("Digestate: code of the co-product"), inputmode="numeric")
    confirm_unusual = flag(CONFIRM_LABEL)
    version = HiddenField()  # the state the page was filled from (`editing.edit_page`)
    submit = SubmitField(_l("Save lot"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manure_code.choices = code_choices(_l("No code, or the kind's only code"))
        for row in MIX_ROWS:
            self[f"mix_code_{row}"].choices = code_choices(_l("none"))

    def mix_rows(self) -> list[tuple[Any, Any]]:
        """The mix's (code, percent) field pairs, for the template."""
        return [(self[f"mix_code_{row}"], self[f"mix_percent_{row}"]) for row in MIX_ROWS]


for _row in MIX_ROWS:
    setattr(LotForm, f"mix_code_{_row}", SelectField(_l("Manure code"), validate_choice=False))
    setattr(LotForm, f"mix_percent_{_row}", number(_l("Share of the manure (%)")))


def manure_mix_input(form: LotForm) -> dict[str, Any] | None:
    """The mix rows that were filled in as the schema's `manure_mix` (text as typed, read in
    the visitor's locale by the schema); None when no row and no co-product code is filled."""
    parts = [
        {"code": code.data or None, "percent": (percent.data or "").strip() or None}
        for code, percent in form.mix_rows()
        if code.data or (percent.data or "").strip()
    ]
    coproduct = (form.coproduct_code.data or "").strip() or None
    if not parts and coproduct is None:
        return None
    return {"parts": parts, "coproduct_code": coproduct}


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
    price_eur_per_t = number(_l("Price offered (€ per tonne, optional)"))
    wanted_from = day(_l("Wanted from"))
    wanted_until = day(_l("Wanted until"))
    land_use = choice(
        _l("Land the manure goes on"), [("", _l("Choose the land")), *LAND_USE_LABELS.items()]
    )
    confirm_unusual = flag(CONFIRM_LABEL)
    version = HiddenField()  # the state the page was filled from (`editing.edit_page`)
    submit = SubmitField(_l("Save request"))


class WithdrawForm(FlaskForm):
    submit = SubmitField(_l("Withdraw"))


class SuspendForm(SchemaForm):
    """A coordinator's suspension of a listing, with the reason the farmer reads."""

    schema = SuspensionInput

    reason = text(_l("Reason for the suspension"))
    submit = SubmitField(_l("Suspend"))


class LiftForm(FlaskForm):
    submit = SubmitField(_l("Lift the suspension"))


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
