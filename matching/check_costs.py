"""What a flow costs and saves, re-derived from the instance (checker part 1b).

Transport is paid per tonne-km (`params.transport_eur_per_t_km`), or, when `params.loads`
is set, per whole truck load: a flow then carries an integer `loads` ≥ tonnes / capacity
(capacity = the lot's `load_t`, else `params.loads.capacity_t`, in t) and costs
loads × (eur_per_load + eur_per_load_km × km) EUR. The supplier saves its outlet
(`lots[].outlet_eur_per_t`, EUR/t, 0 when absent) on every tonne placed. INSTANCE.md,
"Optional fields added on 2026-11-30". Like the rest of the checker this shares no code with
the model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from matching.check_arcs import RuleBook
from matching.check_totals import TOL_ABS, finite, within


def capacity_t(book: RuleBook, lot_id: str) -> float | None:
    """Tonnes per truck load of the lot; None when transport is paid per tonne-km."""
    loads = book.params.get("loads")
    if loads is None:
        return None
    own = book.lots[lot_id].get("load_t")
    return float(loads["capacity_t"] if own is None else own)


def whole_loads(flow: Mapping[str, Any]) -> int | None:
    """The flow's `loads` when it is a number within TOL_ABS of an integer, else None."""
    number = finite(flow.get("loads"))
    if number is None or abs(number - round(number)) > TOL_ABS:
        return None
    return round(number)


def least_loads(tonnes: float, capacity: float) -> int:
    """The fewest loads that carry `tonnes` (at least one; TOL_ABS t of slack)."""
    return max(1, math.ceil((tonnes - TOL_ABS) / capacity))


def loads_problems(book: RuleBook, flow: Mapping[str, Any], tonnes: float) -> list[str]:
    """With `params.loads`: `loads` is a whole number, at least one, and loads × capacity
    ≥ tonnes (within the tolerance); without it there is nothing to check."""
    capacity = capacity_t(book, str(flow["lot"]))
    if capacity is None:
        return []
    got, whole = flow.get("loads"), whole_loads(flow)
    if whole is None:
        return [f"loads is {got!r}, not a whole number of truck loads"]
    if whole < 1:
        return [f"loads is {got!r}: a delivery needs at least one truck load"]
    if not within(tonnes, whole * capacity):
        return [
            f"loads is {got!r}: {whole} load(s) of {capacity:g} t carry less than "
            f"{tonnes:.6f} t (needs {least_loads(tonnes, capacity)})"
        ]
    return []


def cost_eur(book: RuleBook, flow: Mapping[str, Any], tonnes: float, km: float) -> float:
    """The flow's transport cost: transport × km × t, or, with loads, its loads (the least
    that carry it when its own `loads` is not a whole number) × (per load + per load-km × km)."""
    capacity = capacity_t(book, str(flow["lot"]))
    if capacity is None:
        return float(book.params["transport_eur_per_t_km"]) * km * tonnes
    loads = book.params["loads"]
    count = whole_loads(flow)
    count = least_loads(tonnes, capacity) if count is None else count
    return count * (float(loads["eur_per_load"]) + float(loads["eur_per_load_km"]) * km)


def outlet_eur(book: RuleBook, lot_id: str, tonnes: float) -> float:
    """What the supplier saves on its other outlet by placing `tonnes` (EUR)."""
    return float(book.lots[lot_id].get("outlet_eur_per_t") or 0.0) * tonnes
