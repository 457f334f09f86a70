"""Browse hits as map points: lots at their storage site (else their farm), requests at
their farm; a popup shows what the browse table does, never more.

A point carries data, not markup: the farm's name as typed and the amount as a number with
its unit. `static/js/map.js` writes the popup as text nodes (a farm called `<b>x</b>` stays
those characters) and the number in the page's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from market.listings.services.browse import Hit
from market.models import Lot, Request
from market.runs.services.report import lot_place


def map_points(lots: Sequence[Hit], requests: Sequence[Hit]) -> list[dict[str, Any]]:
    """`{lat, lon, side: "lot"|"request", category, farm, amount, unit}` per hit: a lot's
    open tonnes ("t"), a request's open nitrogen ("kg N"), as the browse table shows them."""
    points = []
    for hit in lots:
        lot = hit.listing
        assert isinstance(lot, Lot)
        lat, lon = lot_place(lot)
        points.append(_point(lat, lon, "lot", hit.category, lot.farm.name, hit.open, "t"))
    for hit in requests:
        request = hit.listing
        assert isinstance(request, Request)
        farm = request.farm
        points.append(_point(farm.lat, farm.lon, "request", None, farm.name, hit.open, "kg N"))
    return points


def _point(
    lat: float, lon: float, side: str, category: str | None, farm: str, amount: float, unit: str
) -> dict[str, Any]:
    return {
        "lat": lat,
        "lon": lon,
        "side": side,
        "category": category,
        "farm": farm,
        "amount": amount,
        "unit": unit,
    }
