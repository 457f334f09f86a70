"""Forms of the farm profile: the farm itself, animals, natural land, the calculator.

They render the fields and carry the CSRF token; the views read them through the schemas of
`market.accounts.schemas` (`FarmProfileInput`, `LivestockInput`, `NaturalLandInput`, …).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from market.accounts.forms.account import PROVINCE_CHOICES
from market.accounts.schemas import FarmProfileInput, NaturalLandInput
from market.core.form_fields import SchemaForm, choice, day, flag, number, text
from market.listings.forms import OriginFields

FARM_STATUS_CHOICES = [
    ("organic", _l("organic")),
    ("conversion", _l("in conversion")),
    ("conventional", _l("not organic")),
]
FARM_FIELDS = (
    "name",
    "skal_number",
    "status",
    "own_manure_status",
    "province",
    "address",
    "rvo_relation_number",
    "kvk_number",
    "lat",
    "lon",
    "area_ha",
    "measured_own_manure_n_kg",
    "other_n_kg",
    "other_a_n_kg",
    "p2o5_room_kg",
    "a_share_min_exemption",
    "a_share_exemption_valid_until",
)


class FarmForm(SchemaForm):
    schema = FarmProfileInput
    name = text(_l("Farm name"))
    skal_number = text(_l("Skal number"), inputmode="numeric")
    status = choice(_l("Certification of the farm"), FARM_STATUS_CHOICES)
    own_manure_status = choice(_l("Certification of the own animals' manure"), FARM_STATUS_CHOICES)
    province = choice(_l("Province"), PROVINCE_CHOICES)
    address = text(_l("Address (optional)"))
    rvo_relation_number = text(_l("RVO relation number (relatienummer)"), inputmode="numeric")
    kvk_number = text(_l("KvK number (Chamber of Commerce)"), inputmode="numeric")
    lat = number(_l("Latitude"))
    lon = number(_l("Longitude"))
    area_ha = number(_l("Land under the normal cap (ha)"))
    measured_own_manure_n_kg = number(_l("Measured own manure N (kg per year, optional)"))
    other_n_kg = number(_l("N from other fertilisers (kg per year)"))
    other_a_n_kg = number(_l("of which A fertilisers (kg N)"))
    p2o5_room_kg = number(_l("Phosphate room left (kg P2O5, optional)"))
    a_share_min_exemption = number(_l("Skal exemption: A-share minimum (%, optional)"))
    a_share_exemption_valid_until = day(_l("Exemption valid until"))
    confirm_unusual = flag(_l("I confirm the hectares: they are right although unusual"))
    submit = SubmitField(_l("Save farm"))


class LivestockForm(FlaskForm):
    category = choice(_l("Animal category"), [])
    head_count = number(_l("Average number of animals (0 removes)"), inputmode="numeric")
    submit = SubmitField(_l("Save animals"))


class ParcelForm(SchemaForm):
    schema = NaturalLandInput
    name = text(_l("Parcel name"))
    ha = number(_l("Area (ha)"))
    n_limit_kg_per_ha = number(_l("N limit (kg per ha per year)"))
    confirm_unusual = flag(_l("I confirm the hectares: they are right although unusual"))
    submit = SubmitField(_l("Add parcel"))


class RemoveForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class CalculatorForm(OriginFields):
    """What-if: an extra lot on this farm. A GET form, so it needs no token."""

    class Meta:
        csrf = False

    tonnes = number(_l("Extra lot (tonnes)"))
    n_kg_per_t = number(_l("N (kg per tonne; empty: standard content)"))
    submit = SubmitField(_l("Calculate"))
