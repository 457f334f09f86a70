"""A flow's terms beyond its tonnes, as a proposal keeps them (issue 11, INSTANCE.md's fields
of 2026-11-30): truck loads, the suggested price, the supplier's rent, the delivery window.

Each is None when the run's instance or solution does not have it (no `params.loads`, an
engine without prices, listings without windows): absent stays absent, never a made-up 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

#: A solution's price or rent within this of 0 is 0 (the duals' rounding noise, in €/t).
PRICE_TOL = 1e-9


def flow_terms(
    flow: Mapping[str, Any],
    lot: Mapping[str, Any],
    request: Mapping[str, Any],
    rents: Mapping[str, float],
) -> dict[str, Any]:
    """The proposal columns of one flow: `loads` (count), `suggested_price_eur_per_t` (€/t the
    receiver pays; negative: the supplier pays), `lot_rent_eur_per_t` (€/t, the supplier's
    gain at those prices, ≥ 0), `delivery_from` / `delivery_until` (dates, inclusive).

    `lot` and `request` are the snapshot's documents of the flow's lot and request; `rents`
    maps a lot's document id to its `rent_eur_per_t` in the solution.
    """
    loads = flow.get("loads")
    price = flow.get("price_eur_per_t")
    rent = rents.get(flow["lot"])
    start, end = delivery_window(lot, request)
    return {
        "loads": None if loads is None else round(float(loads)),
        "suggested_price_eur_per_t": None if price is None else _tidy(float(price)),
        "lot_rent_eur_per_t": None if rent is None else max(0.0, _tidy(float(rent))),
        "delivery_from": start,
        "delivery_until": end,
    }


def lot_rents(solution: Mapping[str, Any]) -> dict[str, float]:
    """A solution's `lots[].rent_eur_per_t` by lot id (lots without one are left out)."""
    return {
        row["id"]: float(row["rent_eur_per_t"])
        for row in solution.get("lots", [])
        if row.get("rent_eur_per_t") is not None
    }


def delivery_window(
    lot: Mapping[str, Any], request: Mapping[str, Any]
) -> tuple[date | None, date | None]:
    """The days both windows allow: the later start and the earlier end (None: open).

    The run's snapshot holds each lot's `available_from`/`available_until` and each request's
    `wanted_from`/`wanted_until` as the engine saw them; `worker.documents` has narrowed the
    request's to its first legal spreading stretch from the run's day for every kind class it
    takes (`matching.rules.calendar.request_window`). Their overlap is therefore the legal
    period met by both windows: when delivery is allowed. Windows that do not meet (the engine
    opens no arc there) give (None, None) rather than a window that claims a day.
    """
    starts = _days(lot.get("available_from"), request.get("wanted_from"))
    ends = _days(lot.get("available_until"), request.get("wanted_until"))
    start, end = max(starts, default=None), min(ends, default=None)
    if start is not None and end is not None and end < start:
        return None, None
    return start, end


def _days(*values: str | None) -> list[date]:
    return [date.fromisoformat(value) for value in values if value]


def _tidy(value: float) -> float:
    """-1e-12 €/t is 0 €/t: a price that is rounding noise should not read as "the supplier
    pays"."""
    return 0.0 if abs(value) < PRICE_TOL else value
