"""What the API answers about lots and requests: the output schemas (read-only).

Split from `market.listings.schemas` (what the listings take): one schema per answer, with
the category and A-fraction the engine derives and the balance of the season.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from market.core.schemas import Output, Page, choice
from market.core.schemas.units import EurOut, KgOut, TonnesOut
from market.listings.schemas import (
    LAND_USE,
    OUTLET,
    PRICE,
    Category,
    Grade,
    Kind,
    LandUse,
    Status,
)
from market.models import BalanceStatus, ListingStatus
from matching.rules.plausibility import CONTENT_FIELDS

FLAGS = (
    "Fields whose figure is outside its usual range and was confirmed (n_kg_per_t,"
    " p2o5_kg_per_t, k2o_kg_per_t, tonnes, n_kg); kind: a lot of animal manure whose farm has"
    " none of those animals in its livestock (saved, not refused: check the kind or the"
    " farm's animals); origin_status: a lot stated more organic than its farm's"
    " certification, an intermediary named or not (saved, not refused: proof of"
    " origin such as the supplying farm's certificate will be asked); n_room: a request that"
    " asked more N than its farm's N room left after committed deliveries when it was saved"
    " (saved, not refused: check the farm's land)."
)
SUSPENDED = "The coordinator's reason when the listing is suspended (not offered to runs)."

LEFT_OUT = "Why the last match run left the listing out (the engine refused it), if it did."

LISTING_STATUS = (
    "The listing's own state: open until the farm withdraws it. How much of it the season"
    " holds (committed, delivered) is `balance.status`: a fully delivered lot stays open,"
    " and runs leave it out as nothing of it is left."
)

BALANCE_STATUS = (
    "How much of the listing the season holds (derived, never stored): nothing committed,"
    " part, all, all delivered, or withdrawn. Whether it is still on offer is the listing's"
    " `status`."
)


class MixPartOut(Output):
    code: str
    percent: float


class ManureMixOut(Output):
    """A digestate's manure codes and shares (%), and its co-product code."""

    parts: list[MixPartOut]
    coproduct_code: str | None


class BalanceOut(Output):
    """Where a listing stands (`market.proposals.services.balance`): offered, held by approved
    proposals and deliveries (`committed`, deliveries included), weighed (`delivered`), still
    open; in tonnes for a lot (`LotBalanceOut`), kg N for a request (`RequestBalanceOut`)."""

    status: Annotated[str, choice(BalanceStatus)] = Field(description=BALANCE_STATUS)


class LotBalanceOut(BalanceOut):
    """A lot's balance, in tonnes."""

    offered: TonnesOut
    committed: TonnesOut
    delivered: TonnesOut
    open: TonnesOut


class RequestBalanceOut(BalanceOut):
    """A request's balance, in kg N."""

    offered: KgOut
    committed: KgOut
    delivered: KgOut
    open: KgOut


class Lot(Output):
    """A lot as the API shows it, with the category and A-fraction the engine derives, and
    its balance in tonnes."""

    id: int
    farm_id: int
    kind: Kind
    manure_code: str | None
    manure_mix: ManureMixOut | None
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
    price_eur_per_t: EurOut | None = Field(description=PRICE)
    outlet_eur_per_t: float | None = Field(description=OUTLET)
    lat: float | None
    lon: float | None
    intermediary_name: str | None
    intermediary_skal_approved: bool | None
    intermediary_valid_until: date | None
    analysis_source: Annotated[str, choice(("measured", "standard"))] = Field(
        description="Where n_kg_per_t comes from: a lab analysis or the standard table."
    )
    standard_fields: list[Annotated[str, choice(CONTENT_FIELDS)]] = Field(
        description="The contents that are standard figures (N and P2O5 of animal manure from"
        " RVO Tabel 11, forfaitaire gehalten; the others WUR/CBGV typical values); the"
        " others are the lab analysis's, of analysed_on."
    )
    category: Category
    a_fraction: float
    status: Annotated[str, choice(ListingStatus)] = Field(description=LISTING_STATUS)
    flags: list[str] = Field(description=FLAGS)
    suspended_reason: str | None = Field(description=SUSPENDED)
    left_out_reason: str | None = Field(description=LEFT_OUT)
    balance: LotBalanceOut
    version: int
    created_at: datetime
    updated_at: datetime


class Request(Output):
    """A request as the API shows it, with its balance in kg N."""

    id: int
    farm_id: int
    n_kg: float
    kinds: list[Kind] | None
    accept_nonorganic: bool
    max_distance_km: float | None
    price_eur_per_t: EurOut | None = Field(description=PRICE)
    wanted_from: date
    wanted_until: date | None
    land_use: LandUse = Field(description=LAND_USE)
    status: Annotated[str, choice(ListingStatus)] = Field(description=LISTING_STATUS)
    flags: list[str] = Field(description=FLAGS)
    suspended_reason: str | None = Field(description=SUSPENDED)
    left_out_reason: str | None = Field(description=LEFT_OUT)
    balance: RequestBalanceOut
    version: int
    created_at: datetime
    updated_at: datetime


class LotPage(Page):
    items: list[Lot]


class RequestPage(Page):
    items: list[Request]
