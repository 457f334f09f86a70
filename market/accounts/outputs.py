"""What the API answers about the caller's farm and account: the output schemas (read-only).

Split from `market.accounts.schemas` (what the accounts and farms area takes), as
`market.listings.outputs` is from the listings' schemas.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from market.core.schemas import Output, choice
from market.core.schemas.units import KgOut
from market.listings.schemas import Status
from market.models import TOKEN_SCOPES, Role


class Farm(Output):
    """The caller's farm as the API shows it, with the own manure N its animals produce."""

    id: int
    name: str
    skal_number: str | None
    status: Status
    own_manure_status: Status
    lat: float
    lon: float
    province: str
    address: str
    rvo_relation_number: str | None
    kvk_number: str | None
    area_ha: float
    measured_own_manure_n_kg: float | None
    other_n_kg: float
    other_a_n_kg: float
    p2o5_room_kg: float | None
    a_share_min_exemption: float | None
    a_share_exemption_valid_until: date | None
    approved: bool
    own_manure_n_kg: KgOut
    flags: list[str] = Field(description="['area_ha'] when the confirmed hectares are unusual.")
    created_at: datetime


class Me(Output):
    """The account a token belongs to, and what the token may do."""

    id: int
    role: Annotated[str, choice(Role)]
    farm_id: int | None
    token_scope: Annotated[str, choice(TOKEN_SCOPES)]
