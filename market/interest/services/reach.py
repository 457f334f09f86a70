"""Whether a deal could reach across the road distance between a farm and a listing it is
interested in, asked before the thread opens.

A deal's pair is refused beyond the strictest of the policy's, the lot's and the request's
distance limits (`pair_rules.beyond_limits`, road km = great-circle km × `road_factor`). Before
the thread opens only the listing is known, not the interested farm's listing of the other
side, so interest is refused where every deal would be, with the offer's own refusal
(`too_far`, naming the km and the limit):
- a lot: from the lot's place to the interested farm, which would receive it, beyond the
  policy's and the lot's limits;
- a request: from the nearest place the interested farm could deliver from (its yard or the
  storage site of one of its open lots) to the request's farm, beyond the policy's and the
  request's limits.
The interested farm's own limits are left out: it may post a listing with another. The
market page asks `too_far` to show the refusal instead of the "I am interested" form; the
page's and the API's interest ask `check_reach` before `threads.start_thread`.
"""

from __future__ import annotations

from collections.abc import Mapping

from market.core.validation import FieldError, ValidationError
from market.models import Farm, ListingStatus, Lot, Request
from market.proposals.services.pair_rules import beyond_limits, lot_place
from matching.rules import great_circle_km


def too_far(farm: Farm, listing: Lot | Request, policy: Mapping[str, float]) -> FieldError | None:
    """`too_far` when no deal of `farm` about `listing` could be within the limits."""
    if isinstance(listing, Lot):
        km = great_circle_km(lot_place(listing), _yard(farm))
    else:
        km = min(great_circle_km(place, _yard(listing.farm)) for place in _sources(farm))
    road = policy["road_factor"] * km
    return beyond_limits(road, policy["max_distance_km"], listing.max_distance_km)


def check_reach(farm: Farm, listing: Lot | Request, policy: Mapping[str, float]) -> None:
    """Refuse (`ValidationError` on `listing`) interest of `farm` in `listing` too far away."""
    far = too_far(farm, listing, policy)
    if far is not None:
        raise ValidationError({"listing": far})


def _sources(farm: Farm) -> list[tuple[float, float]]:
    """Where `farm` could deliver from: its yard and its open lots' places."""
    lots = [lot for lot in farm.lots if lot.status is ListingStatus.OPEN]
    return [_yard(farm), *(lot_place(lot) for lot in lots)]


def _yard(farm: Farm) -> tuple[float, float]:
    return (farm.lat, farm.lon)
