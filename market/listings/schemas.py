"""The listings' schemas: what a lot (aanbod) and a request (vraag) take (what the API
answers is `market.listings.outputs`, the browse and list filters `market.listings.filters`,
a lot's manure code and mix `market.listings.manure_codes`). One schema per operation, read
by the services, the pages, the API and the OpenAPI document alike.

Limits are the engine's (`matching/validate.py`), so nothing the market accepts makes a run
fail: contents 0 to 1,000 kg per tonne (N, P2O5, K2O: the physical limit), shares 0 to 1,
kinds from the one list, tonnes, kg N and km up to the engine's ceilings
(`market.core.schemas.ceilings`); a lot's own place lies in the service area
(`config.SERVICE_AREA`), an analysis date is not in the future, and every date lies within a
few years of today (`config.LISTING_YEARS_BACK`, `LISTING_YEARS_AHEAD`). A lot's RVO manure code
(mestcode) must belong to its kind (`matching/data/manure_codes.json`); only a digestate
states a mix of codes. The market is stricter on purpose: a lot and a request must hold
something (tonnes and N above 0).

Plausibility: a figure outside its sector range (`matching.rules.plausibility`: contents per
kind, a lot's tonnes, a request's kg N) is refused with `unusual_figure` unless the input
says `confirm_unusual: true`; then the listing is saved and the model stores its flags
(`market.models.listings`). A stored listing carries the confirmation of its stored figures,
so a patch that leaves them alone needs no new confirmation.

Issue 11: a lot may state its own outlet cost (€ per tonne, 0 to 1,000, the model's ceiling;
the engine's is higher), and a request must state its receiving land use (one of
`matching.rules.calendar.LAND_USES`), which decides its legal spreading periods.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic.config import JsonValue

from market.core.schemas import (
    AtLeastZero,
    Filled,
    Number,
    Patch,
    Range,
    Schema,
    Share,
    Text,
    choice,
    period,
    refuse,
)
from market.core.schemas.ceilings import Contents, Km, NeededKg, Tonnes
from market.core.schemas.fields import (
    AreaLatitude,
    AreaLongitude,
    ListingDay,
    PastDay,
    unless_confirmed,
)
from market.listings.manure_codes import ManureCode, ManureMix, code_rules
from market.models import CATEGORIES, LOT_KINDS, FarmStatus
from market.models.enums import BOKASHI_GRADES
from market.models.listings import OUTLET_EUR_PER_T_MAX, PRICE_EUR_PER_T_MAX
from matching.reference import kind_of_code
from matching.rules.calendar import LAND_USES
from matching.rules.plausibility import usual_content, usual_size

Kind = Annotated[str, choice(LOT_KINDS)]
Status = Annotated[str, choice(FarmStatus)]
Grade = Annotated[str, choice(BOKASHI_GRADES)]
Category = Annotated[str, choice(CATEGORIES)]
IntermediaryName = Annotated[str, Text(200)]
#: The price the receiver pays per tonne at the farm gate, transport apart; negative: the
#: supplier pays (as in the Dutch manure market, where a surplus usually costs its owner).
Price = Annotated[Number, Range(low=-PRICE_EUR_PER_T_MAX, high=PRICE_EUR_PER_T_MAX, cents=True)]
#: € per tonne the farmer pays to be rid of the lot elsewhere; the model's ceiling.
Outlet = Annotated[AtLeastZero, Range(high=OUTLET_EUR_PER_T_MAX)]
OUTLET = (
    "What the farmer pays per tonne to be rid of the lot elsewhere (a processor, export), in"
    " €; every tonne the market places saves it. Left out: the run's figure or the kind's"
    " default (matching/data/outlet_costs.json)."
)
LandUse = Annotated[str, choice(LAND_USES)]
LAND_USE = (
    "The receiving land: grassland or arable land, on sand/loess or clay/peat. With a lot's"
    " kind it decides when spreading is legal (matching/data/spreading_periods.json)."
)
PRICE = (
    "Price in € per tonne the receiver pays at the farm gate, transport apart: asked (lot) or"
    " offered (request); negative: the supplier pays; left out: not stated."
)


def _coordinate_rules() -> list[JsonValue]:
    """The document's form of `LotInput._place`: a latitude needs a longitude and the reverse."""
    return [
        {
            "if": {"required": [one], "properties": {one: {"type": "number"}}},
            "then": {"required": [other], "properties": {other: {"type": "number"}}},
        }
        for one, other in (("lat", "lon"), ("lon", "lat"))
    ]


CONFIRM_UNUSUAL = (
    "true: the farmer confirms figures outside their usual range (sector ranges per kind, the"
    " usual sizes); the listing is saved with flags. Without it such a figure is refused with"
    " code unusual_figure and the range."
)


def _known_kinds(kinds: object) -> object:
    """Name every unknown kind at once ("Unknown kinds: lava, moon_dust.")."""
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        raise refuse("kinds_list")
    unknown = sorted(set(kinds) - set(LOT_KINDS))
    if unknown:
        raise refuse("kinds_unknown", value=", ".join(unknown)[:200])
    return sorted(set(kinds))


class LotOrigin(Schema):
    """Where a lot comes from: the inputs of the category rules (R7-R10). The status left
    out is the farm's certification. A lot's input and the calculator's extra lot share it."""

    origin_status: Status | None = None
    husbandry_ok: bool | None = None
    direct_from_organic_farm: bool | None = None
    manure_share: Share | None = None
    manure_organic: bool | None = None
    coproducts_annex_ii: bool | None = None
    coproducts_organic_share: Share | None = None
    made_from: Grade | None = None
    skal_input_list: bool | None = None


class LotInput(LotOrigin):
    """A lot as a farmer offers it. Contents left out follow the RVO standard table of the
    kind; the origin status defaults to the farm's certification; the category is derived."""

    model_config = ConfigDict(json_schema_extra={"allOf": [*_coordinate_rules(), *code_rules()]})
    confirm_unusual: bool = Field(default=False, exclude=True, description=CONFIRM_UNUSUAL)
    kind: Kind
    manure_code: ManureCode | None = Field(
        default=None,
        description="RVO manure code (mestcode) of the kind; left out: the kind's only code, if "
        "it has one.",
    )
    manure_mix: ManureMix | None = Field(
        default=None, description="Digestate only: the codes and shares of the manure in it."
    )
    tonnes: Tonnes
    n_kg_per_t: Contents | None = None
    p2o5_kg_per_t: Contents | None = None
    k2o_kg_per_t: Contents | None = None
    analysed_on: PastDay | None = None
    available_from: ListingDay
    available_until: ListingDay | None = None
    max_distance_km: Km | None = None
    price_eur_per_t: Price | None = Field(default=None, description=PRICE)
    outlet_eur_per_t: Outlet | None = Field(default=None, description=OUTLET)
    lat: AreaLatitude | None = None
    lon: AreaLongitude | None = Field(default=None, validate_default=True)
    intermediary_name: IntermediaryName | None = None
    intermediary_skal_approved: bool | None = None
    intermediary_valid_until: ListingDay | None = None

    _period = period("available_from", "available_until")

    @field_validator("tonnes")
    @classmethod
    def _usual_tonnes(cls, tonnes: float, info: ValidationInfo) -> float:
        return unless_confirmed(tonnes, usual_size("tonnes"), info)

    @field_validator("n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t")
    @classmethod
    def _usual_contents(cls, value: float | None, info: ValidationInfo) -> float | None:
        """Contents against the usual range of the lot's kind (no kind: nothing to compare)."""
        kind = info.data.get("kind")
        usual = usual_content(kind, str(info.field_name)) if isinstance(kind, str) else None
        return unless_confirmed(value, usual, info)

    @field_validator("lon")
    @classmethod
    def _place(cls, lon: float | None, info: ValidationInfo) -> float | None:
        """A lot's own place (a storage site) needs both coordinates, or neither."""
        if "lat" in info.data and (info.data["lat"] is None) != (lon is None):
            raise refuse("both_coordinates")
        return lon

    @field_validator("manure_code")
    @classmethod
    def _code_of_kind(cls, code: str | None, info: ValidationInfo) -> str | None:
        """The code must be one of the kind's (a pig code on a cattle lot is refused)."""
        kind = info.data.get("kind")
        if code is not None and kind is not None and kind_of_code(code) != kind:
            raise refuse("manure_code_kind", value=code)
        return code

    @field_validator("manure_mix")
    @classmethod
    def _mix_of_digestate(cls, mix: ManureMix | None, info: ValidationInfo) -> ManureMix | None:
        kind = info.data.get("kind")
        if mix is not None and kind is not None and kind != "digestate":
            raise refuse("manure_mix_digestate")
        return mix

    @field_validator("intermediary_skal_approved", "intermediary_valid_until")
    @classmethod
    def _only_with_intermediary(cls, value: object, info: ValidationInfo) -> object:
        """The Skal declaration belongs to an intermediary (R11): none without a name."""
        return value if info.data.get("intermediary_name") else None


class LotPatch(Patch):
    """Fields of a lot to change; the rest keep their values."""

    whole = LotInput


class RequestInput(Schema):
    """A farm's demand for N. `kinds` null accepts any kind, a list exactly those kinds."""

    confirm_unusual: bool = Field(default=False, exclude=True, description=CONFIRM_UNUSUAL)
    n_kg: NeededKg
    kinds: Annotated[list[Kind], BeforeValidator(_known_kinds)] | None = None
    accept_nonorganic: bool = False
    max_distance_km: Km | None = None
    price_eur_per_t: Price | None = Field(default=None, description=PRICE)
    wanted_from: ListingDay
    wanted_until: ListingDay | None = None
    land_use: LandUse = Field(description=LAND_USE)

    _period = period("wanted_from", "wanted_until")

    @field_validator("n_kg")
    @classmethod
    def _usual_size(cls, n_kg: float, info: ValidationInfo) -> float:
        return unless_confirmed(n_kg, usual_size("n_kg"), info)


class RequestPatch(Patch):
    """Fields of a request to change; the rest keep their values."""

    whole = RequestInput


class SuspensionInput(Schema):
    """A coordinator's suspension of a listing: the reason its farmer reads (R: one listing
    must not stop the market, so a coordinator can take it out of the runs)."""

    reason: Annotated[str, Text(500, lines=True), Filled()]


class WithdrawInput(Schema):
    """Withdrawing a lot or a request: the farmer's optional reason, which the farms of the
    proposals it cancels read."""

    reason: Annotated[str, Text(1000, lines=True)] | None = None
