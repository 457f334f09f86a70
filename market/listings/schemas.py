"""The listings' schemas: what a lot (aanbod), a request (vraag) and the browse filters take,
and what the API answers. One schema per operation, read by the services, the pages, the
API and the OpenAPI document alike.

Limits are the engine's (`matching/validate.py`), so nothing the market accepts makes a run
fail: contents 0 to 100 kg per tonne (N, and now P2O5 and K2O too), shares 0 to 1,
coordinates in degrees, kinds from the one list, tonnes, kg N and km up to the engine's
ceilings (`market.core.schemas.ceilings`). The market is stricter in one place on
purpose: a lot and a request must hold something (tonnes and N above 0).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.config import JsonDict

from market.core.schemas import (
    AtLeastZero,
    Day,
    Latitude,
    Longitude,
    Number,
    Output,
    Page,
    PageQuery,
    Patch,
    QueryId,
    Range,
    Schema,
    Share,
    Text,
    choice,
    period,
    refuse,
)
from market.core.schemas.ceilings import Km, NeededKg, Tonnes
from market.models import CATEGORIES, LOT_KINDS, FarmStatus, ListingStatus
from market.models.enums import BOKASHI_GRADES
from market.models.listings import N_KG_PER_T_MAX

Kind = Annotated[str, choice(LOT_KINDS)]
Status = Annotated[str, choice(FarmStatus)]
Grade = Annotated[str, choice(BOKASHI_GRADES)]
Category = Annotated[str, choice(CATEGORIES)]
#: kg per tonne, as in the engine's instance check (MAX_N_KG_PER_T).
Contents = Annotated[Number, Range(low=0, high=N_KG_PER_T_MAX)]
IntermediaryName = Annotated[str, Text(200)]
#: The document's form of `LotInput._place`: a latitude needs a longitude and the reverse.
BOTH_COORDINATES: JsonDict = {
    "allOf": [
        {
            "if": {"required": [one], "properties": {one: {"type": "number"}}},
            "then": {"required": [other], "properties": {other: {"type": "number"}}},
        }
        for one, other in (("lat", "lon"), ("lon", "lat"))
    ]
}


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

    model_config = ConfigDict(json_schema_extra=BOTH_COORDINATES)
    kind: Kind
    tonnes: Tonnes
    n_kg_per_t: Contents | None = None
    p2o5_kg_per_t: Contents | None = None
    k2o_kg_per_t: Contents | None = None
    analysed_on: Day | None = None
    available_from: Day
    available_until: Day | None = None
    max_distance_km: Km | None = None
    lat: Latitude | None = None
    lon: Longitude | None = Field(default=None, validate_default=True)
    intermediary_name: IntermediaryName | None = None
    intermediary_skal_approved: bool | None = None
    intermediary_valid_until: Day | None = None

    _period = period("available_from", "available_until")

    @field_validator("lon")
    @classmethod
    def _place(cls, lon: float | None, info: ValidationInfo) -> float | None:
        """A lot's own place (a storage site) needs both coordinates, or neither."""
        if "lat" in info.data and (info.data["lat"] is None) != (lon is None):
            raise refuse("both_coordinates")
        return lon

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

    n_kg: NeededKg
    kinds: Annotated[list[Kind], BeforeValidator(_known_kinds)] | None = None
    accept_nonorganic: bool = False
    max_distance_km: Km | None = None
    wanted_from: Day
    wanted_until: Day | None = None

    _period = period("wanted_from", "wanted_until")


class RequestPatch(Patch):
    """Fields of a request to change; the rest keep their values."""

    whole = RequestInput


class BrowseFilter(Schema):
    """The browse page's filters (a bookmarkable query string); empty means no restriction."""

    side: Annotated[str, choice(("both", "lots", "requests"))] = "both"
    kind: Kind | None = None
    category: Category | None = None
    max_km: AtLeastZero | None = None
    organic: bool = False
    start: Day | None = None
    end: Day | None = None


class ListingFilters(PageQuery):
    """The API's list of lots or requests: which state, and (coordinators) which farm."""

    status: Annotated[str, choice(ListingStatus)] | None = Field(
        default=None, description="Only listings in this state."
    )
    farm_id: QueryId | None = Field(
        default=None, description="Coordinators: one farm only (farmers see their own)."
    )


class LotFilters(ListingFilters):
    """The API's list of lots: a listing's filters, and the lots' kind."""

    kind: Kind | None = Field(default=None, description="Only lots of this kind.")


class Lot(Output):
    """A lot as the API shows it, with the category and A-fraction the engine derives."""

    id: int
    farm_id: int
    kind: Kind
    tonnes: float
    n_kg_per_t: float
    p2o5_kg_per_t: float
    k2o_kg_per_t: float
    analysed_on: date | None
    origin_status: Status
    husbandry_ok: bool | None
    direct_from_organic_farm: bool | None
    manure_share: float | None
    manure_organic: bool | None
    coproducts_annex_ii: bool | None
    coproducts_organic_share: float | None
    made_from: Grade | None
    skal_input_list: bool | None
    available_from: date
    available_until: date | None
    max_distance_km: float | None
    lat: float | None
    lon: float | None
    intermediary_name: str | None
    intermediary_skal_approved: bool | None
    intermediary_valid_until: date | None
    analysis_source: Annotated[str, choice(("measured", "standard"))]
    category: Category
    a_fraction: float
    status: Annotated[str, choice(ListingStatus)]
    version: int
    created_at: datetime
    updated_at: datetime


class Request(Output):
    """A request as the API shows it."""

    id: int
    farm_id: int
    n_kg: float
    kinds: list[Kind] | None
    accept_nonorganic: bool
    max_distance_km: float | None
    wanted_from: date
    wanted_until: date | None
    status: Annotated[str, choice(ListingStatus)]
    version: int
    created_at: datetime
    updated_at: datetime


class LotPage(Page):
    items: list[Lot]


class RequestPage(Page):
    items: list[Request]
