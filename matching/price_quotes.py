"""The published price certificate read from a solution (for `matching.check_prices`).

Values by id, a missing or null one being 0: `lots[].rent_eur_per_t` (EUR/t),
`requests[].shadow_eur_per_kg_n` (β, EUR/kg N), and per farm `room_shadow_eur_per_kg_n`
(μ, EUR/kg animal N), `a_share_shadow_eur_per_kg_n` (λ, EUR/kg A-slack),
`p2o5_shadow_eur_per_kg` (π, EUR/kg P2O5); `farms[].side` for the R5 either-or. Shares no
code with the model (docs/prices.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matching.check_arcs import RuleBook
from matching.check_totals import TOL_ABS, finite

FARM_SHADOWS = {
    "room": "room_shadow_eur_per_kg_n",
    "a_share": "a_share_shadow_eur_per_kg_n",
    "p2o5": "p2o5_shadow_eur_per_kg",
}


@dataclass
class Quotes:
    """The published values by id (missing = 0), the R5 sides, and what was wrong with them."""

    rent: dict[str, float]
    request: dict[str, float]
    farm: dict[str, dict[str, float]]  # FARM_SHADOWS key -> farm id -> value
    side: dict[str, str]
    problems: list[str]

    def receiver_rent(self, book: RuleBook, lot_id: str, request_id: str) -> float:
        """R = N·β + animal N·μ + P2O5·π (EUR/t): what the receiver gives up per tonne."""
        facts, farm = book.lot_facts[lot_id], book.requests[request_id]["farm"]
        n = facts.n_per_t
        return (
            n * self.request.get(request_id, 0.0)
            + facts.animal_fraction * n * self.farm["room"].get(farm, 0.0)
            + facts.p2o5_per_t * self.farm["p2o5"].get(farm, 0.0)
        )

    def a_credit(self, book: RuleBook, lot_id: str, request_id: str) -> float:
        """λ·(a − a_min)·N (EUR/t): the A-share room a tonne earns (or uses) its farm."""
        facts, farm = book.lot_facts[lot_id], book.requests[request_id]["farm"]
        slope = (facts.a_fraction - book.farm_facts[farm].a_min) * facts.n_per_t
        return self.farm["a_share"].get(farm, 0.0) * slope


def has_prices(solution: Mapping[str, Any]) -> bool:
    """Whether the solution carries prices at all (they are optional)."""
    flows = solution.get("flows") or []
    lots = solution.get("lots") or []
    return any("price_eur_per_t" in f for f in flows) or any("rent_eur_per_t" in x for x in lots)


def _values(rows: Any, key: str, label: str, out: list[str]) -> dict[str, float]:
    """id -> value ≥ 0 of `key` in each row; a missing or null value is 0."""
    found: dict[str, float] = {}
    for row in rows or []:
        got = row.get(key)
        if got is None:
            continue
        number = finite(got)
        if number is None or number < -TOL_ABS:
            out.append(f"{label} {row['id']}: {key} is {got!r}, not a number ≥ 0")
            continue
        found[str(row["id"])] = number
    return found


def read_quotes(solution: Mapping[str, Any]) -> Quotes:
    out: list[str] = []
    farms = solution.get("farms")
    return Quotes(
        _values(solution.get("lots"), "rent_eur_per_t", "lot", out),
        _values(solution.get("requests"), "shadow_eur_per_kg_n", "request", out),
        {k: _values(farms, key, "farm", out) for k, key in FARM_SHADOWS.items()},
        {str(f["id"]): str(f.get("side")) for f in farms or []},
        out,
    )


def exact_duals(book: RuleBook) -> bool:
    """Prices are exact LP duals when no integer decision but R5 is left (docs/prices.md)."""
    return not book.params.get("min_delivery_t") and book.params.get("loads") is None
