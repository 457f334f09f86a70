"""Browse hits as map points: lots at their storage site (else their farm), requests at
their farm; a popup shows what the browse table does, never more.

A point carries data, not markup: the farm's name as typed, what it is (a lot's kind, or
"Request": a request for nitrogen) in the page's language, translated by the view (services
import no Flask), and the amount as a number with its unit. `static/js/map.js` writes the
popup as text nodes (a farm called `<b>x</b>` stays those characters) and the number in the
page's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from market.listings.services.browse import Hit
from market.models import Lot, Request
from market.runs.services.report import lot_place


def map_points(
    lots: Sequence[Hit],
    requests: Sequence[Hit],
    kind_label: Callable[[str], str],
    request_label: str,
) -> list[dict[str, Any]]:
    """`{lat, lon, side: "lot"|"request", category, farm, label, amount, unit}` per hit: a
    lot's kind (`kind_label`, `market.core.i18n`'s) and open tonnes ("t"), a request
    (`request_label`) and its open nitrogen ("kg N"), as the browse table shows them."""
    points = []
    for hit in lots:
        lot = hit.listing
        assert isinstance(lot, Lot)
        lat, lon = lot_place(lot)
        shown = {"farm": lot.farm.name, "label": kind_label(lot.kind), "amount": hit.open}
        points.append(_point(lat, lon, "lot", hit.category, shown, "t"))
    for hit in requests:
        request = hit.listing
        assert isinstance(request, Request)
        farm = request.farm
        shown = {"farm": farm.name, "label": request_label, "amount": hit.open}
        points.append(_point(farm.lat, farm.lon, "request", None, shown, "kg N"))
    return points


def _point(
    lat: float, lon: float, side: str, category: str | None, shown: dict[str, Any], unit: str
) -> dict[str, Any]:
    """One point; `shown` is what its popup writes: `farm`, `label` and `amount`."""
    return {"lat": lat, "lon": lon, "side": side, "category": category, **shown, "unit": unit}
