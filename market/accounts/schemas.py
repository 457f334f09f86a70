"""The accounts and farms area's schemas: what log-in, sign-up, a password reset, the farm
profile (natural land, animals, the calculator) and an API token take. One schema per
operation, read by the services, the pages, the API and the OpenAPI document alike. What the
API answers is `market.accounts.outputs`; the registration numbers (Skal, RVO, KvK) are
checked in `market.accounts.registration_numbers`.

Limits: every figure that goes into a run's instance stays within the engine's ceilings
(`market.core.schemas.ceilings`: 1e9 kg N, 1e4 kg N per ha; hectares at most the land of the
service area), so no farm the market accepts makes a run fail; a head count is a whole number
up to a million per category. Coordinates are degrees inside the service area
(`config.SERVICE_AREA`: the Netherlands and a margin), the A-share exemption a fraction (typed
in percent on the page). A natural-land parcel's limit is at most the normal cap (R2, the
policy default of `config.settings.POLICY_DEFAULTS`; the engine checks the run's own cap).
Hectares outside the usual farm size, a farm's or a natural-land parcel's, are refused with
`unusual_figure` unless the input confirms them (`confirm_unusual`); the farm then stores the
flag, the parcel shows it (`market.models.farms`).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator

from config.settings import POLICY_DEFAULTS
from market.accounts.registration_numbers import (
    KVK_WRITTEN,
    RVO_RELATION_WRITTEN,
    SKAL_WRITTEN,
    KvkNumber,
    RvoRelationNumber,
    SkalNumber,
)
from market.core.boundaries import in_province
from market.core.reference import excretion_n_kg_per_head
from market.core.schemas import (
    AtLeastZero,
    Day,
    Filled,
    Number,
    Patch,
    Positive,
    Province,
    Range,
    Schema,
    Share,
    Text,
    Whole,
    choice,
    refuse,
)
from market.core.schemas.ceilings import LAND_HA, MAX_KG_PER_HA, Area, KgN
from market.core.schemas.fields import AreaLatitude, AreaLongitude, unless_confirmed
from market.listings.schemas import Contents, Kind, LotOrigin, Status
from market.models import TOKEN_SCOPES, FarmStatus, Role
from matching.rules.plausibility import usual_size

FARMER_ROLES = (Role.LIVESTOCK_FARMER.value, Role.ARABLE_FARMER.value)
MIN_PASSWORD_LENGTH = 8
MAX_EMAIL_LENGTH = 254
#: Far above any farm, and a million heads at the highest norm stay far below `MAX_KG`.
MAX_HEAD_COUNT = 1_000_000


def well_formed_address(address: str) -> bool:
    """A local part and a domain with a dot, within the length a database column holds."""
    local, _, domain = address.partition("@")
    return bool(local) and "." in domain and len(address) <= MAX_EMAIL_LENGTH


def _address(value: str) -> str:
    address = value.lower()
    if not well_formed_address(address):
        raise refuse("email")
    return address


def _long_enough(password: Any) -> Any:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise refuse("password_length", count=MIN_PASSWORD_LENGTH)
    return password


def _organic(status: str) -> str:
    """Only organic and conversion farms trade here (R3); conventional ones receive only."""
    if status == FarmStatus.CONVENTIONAL.value:
        raise refuse("organic_only")
    return status


def _known_category(category: Any) -> Any:
    """One of the excretion-norm categories (the table is read when first needed)."""
    if category is None or category == "":
        raise refuse("choice")
    if category not in excretion_n_kg_per_head():
        raise refuse("choice_unknown", value=str(category)[:40])
    return category


def _usual_area(cls: type[Schema], area_ha: float, info: ValidationInfo) -> float:
    """Hectares outside the usual farm size need the farmer's confirmation."""
    return unless_confirmed(area_ha, usual_size("area_ha"), info)


def _usual_parcel(cls: type[Schema], ha: float, info: ValidationInfo) -> float:
    """A natural-land parcel's hectares outside the usual farm size need the confirmation."""
    return unless_confirmed(ha, usual_size("ha"), info)


def _in_province(cls: type[Schema], province: str, info: ValidationInfo) -> str:
    """The coordinates (validated before the province) lie in the chosen province, within
    the coarse boundaries' tolerance (`market.core.boundaries.in_province`)."""
    lat, lon = info.data.get("lat"), info.data.get("lon")
    if not isinstance(lat, float | int) or not isinstance(lon, float | int):
        return province  # a coordinate was refused already
    if not in_province(lat, lon, province):
        raise refuse("outside_province")
    return province


def _same_password(cls: type[Schema], again: str | None, info: ValidationInfo) -> str | None:
    """The password typed twice, so a typo does not lock the farmer out."""
    if "password" in info.data and again != info.data["password"]:
        raise refuse("passwords_differ")
    return again


Email = Annotated[str, Text(MAX_EMAIL_LENGTH), Filled("email"), AfterValidator(_address)]
NewPassword = Annotated[str, BeforeValidator(_long_enough)]
Address = Annotated[str, Text(300)]
CONFIRM_AREA = (
    "true: the farmer confirms hectares outside the usual farm size; the farm is saved with"
    " the flag area_ha. Without it such a figure is refused with code unusual_figure."
)


class FarmInput(Schema):
    """A farm's profile: place, certification, land and the manure accounts of the year."""

    confirm_unusual: bool = Field(default=False, exclude=True, description=CONFIRM_AREA)
    name: Annotated[str, Text(200), Filled()]
    skal_number: Annotated[str, Text(32)] | None = Field(
        default=None, json_schema_extra={"pattern": SKAL_WRITTEN}
    )
    status: Status
    own_manure_status: Status
    lat: AreaLatitude
    lon: AreaLongitude
    province: Province
    address: Address | None = None
    rvo_relation_number: RvoRelationNumber | None = Field(
        default=None, json_schema_extra={"pattern": RVO_RELATION_WRITTEN}
    )
    kvk_number: KvkNumber | None = Field(default=None, json_schema_extra={"pattern": KVK_WRITTEN})
    area_ha: Area
    measured_own_manure_n_kg: KgN | None = None
    other_n_kg: KgN = 0.0
    other_a_n_kg: KgN = 0.0
    p2o5_room_kg: KgN | None = None
    a_share_min_exemption: Share | None = None
    a_share_exemption_valid_until: Day | None = None

    _usual_area = field_validator("area_ha")(_usual_area)
    _in_province = field_validator("province")(_in_province)

    @field_validator("other_a_n_kg")
    @classmethod
    def _a_part(cls, other_a: float, info: ValidationInfo) -> float:
        """The A part of the other fertilisers is part of their N."""
        other = info.data.get("other_n_kg")
        if isinstance(other, float | int) and other_a > other:
            raise refuse("a_part_exceeds")
        return other_a


class FarmPatch(Patch):
    """Profile fields to change; the rest keep their values."""

    whole = FarmInput


class FarmProfileInput(FarmInput):
    """The profile page's form: the exemption typed in percent (60 for an A-share of 0.6)."""

    a_share_min_exemption: Annotated[Number, Range(low=0, high=100)] | None = None

    def patch(self) -> FarmPatch:
        """Every field of the form, the exemption as the fraction the farm stores."""
        share = self.a_share_min_exemption
        exemption = None if share is None else share / 100
        return FarmPatch.model_validate({**dict(self), "a_share_min_exemption": exemption})


class SignupInput(Schema):
    """A farmer's account and a new, unapproved farm, in one form."""

    confirm_unusual: bool = Field(default=False, exclude=True, description=CONFIRM_AREA)
    email: Email
    name: Annotated[str, Text(120)] | None = None
    password: NewPassword
    password_again: str | None = None
    role: Annotated[str, choice(FARMER_ROLES)]
    farm_name: Annotated[str, Text(200), Filled()]
    skal_number: SkalNumber
    status: Annotated[Status, AfterValidator(_organic)]
    address: Address | None = None
    lat: AreaLatitude
    lon: AreaLongitude
    province: Province  # after the coordinates, which `_in_province` reads
    area_ha: Area

    _same = field_validator("password_again")(_same_password)
    _usual_area = field_validator("area_ha")(_usual_area)
    _in_province = field_validator("province")(_in_province)

    def farm(self) -> FarmInput:
        """The farm's profile; its own manure has the farm's certification at sign-up."""
        return FarmInput.model_validate(
            {
                **self.model_dump(include=set(FarmInput.model_fields)),
                "name": self.farm_name,
                "own_manure_status": self.status,
                "confirm_unusual": self.confirm_unusual,
            }
        )


class LoginInput(Schema):
    email: Annotated[str, Text(MAX_EMAIL_LENGTH), Filled("email_missing")]
    password: Annotated[str, Filled("password_missing")]


class PasswordResetInput(Schema):
    password: NewPassword
    password_again: str | None = None

    _same = field_validator("password_again")(_same_password)


class NaturalLandInput(Schema):
    """A natural-land (natuurgrond) parcel with its own N limit per hectare (R2)."""

    confirm_unusual: bool = Field(default=False, exclude=True)
    name: Annotated[str, Text(120)] | None = None
    ha: Annotated[Positive, Range(high=LAND_HA)]
    n_limit_kg_per_ha: Annotated[AtLeastZero, Range(high=MAX_KG_PER_HA)]

    _usual_ha = field_validator("ha")(_usual_parcel)

    @field_validator("n_limit_kg_per_ha")
    @classmethod
    def _below_cap(cls, limit: float) -> float:
        """R2: natural land carries a lower limit than the normal cap, never a higher one."""
        cap = POLICY_DEFAULTS["n_cap_kg_per_ha"]
        if limit > cap:
            raise refuse("natural_limit_above_cap", cap=cap)
        return limit


class LivestockInput(Schema):
    """The average head count of one excretion-norm category; 0 removes the category."""

    category: Annotated[str, BeforeValidator(_known_category)]
    head_count: Annotated[Whole, Range(low=0, high=MAX_HEAD_COUNT, whole=True)]


class CalculatorInput(LotOrigin):
    """What-if: one extra lot on the farm; no lot yet without a kind and a quantity.

    The origin defaults to the farm's certification, like a lot the farm would post.
    """

    kind: Kind | None = None
    tonnes: Positive | None = None
    n_kg_per_t: Contents | None = None


class TokenInput(Schema):
    """An API token: what uses it (shown on the page) and what it may do."""

    name: Annotated[str, Text(100), Filled()]
    scope: Annotated[str, choice(TOKEN_SCOPES)] = "read"


FARM_MESSAGE_MAX = 2000  # a few paragraphs; more belongs in a phone call


class FarmMessageInput(Schema):
    """A coordinator's words to a farm that waits for approval: what information is missing,
    or why the farm is rejected. Required: a farmer told "no" or "more, please" without a
    reason cannot act on it. Mailed to the farm's accounts and kept in the audit log."""

    message: Annotated[str, Text(FARM_MESSAGE_MAX, lines=True), Filled()]
