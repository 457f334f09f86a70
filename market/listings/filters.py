"""The listings' query schemas: the browse page's filters and the API's list filters.

Split from `market.listings.schemas` (what a lot or request takes): these read a query
string, never a listing, and an empty one means no restriction.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from market.core.schemas import AtLeastZero, Day, PageQuery, QueryId, Schema, choice
from market.listings.schemas import Category, Kind
from market.models import ListingStatus


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
