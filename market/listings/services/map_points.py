"""Browse hits as map points: lots at their storage site (else their farm), requests at
their farm; the label says what a popup shows, never more than the browse table does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from market.listings.services.browse import Hit
from market.models import Lot, Request
from market.runs.services.report import lot_place


def map_points(lots: Sequence[Hit], requests: Sequence[Hit]) -> list[dict[str, Any]]:
    points = []
    for hit in lots:
        lot = hit.listing
        assert isinstance(lot, Lot)
        lat, lon = lot_place(lot)
        points.append(
            {
                "lat": lat,
                "lon": lon,
                "side": "lot",
                "category": hit.category,
                "label": f"{lot.farm.name}: {lot.tonnes:.0f} t",
            }
        )
    for hit in requests:
        request = hit.listing
        assert isinstance(request, Request)
        points.append(
            {
                "lat": request.farm.lat,
                "lon": request.farm.lon,
                "side": "request",
                "category": None,
                "label": f"{request.farm.name}: {request.n_kg:.0f} kg N",
            }
        )
    return points
