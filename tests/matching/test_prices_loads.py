"""Suggested prices with truck loads (`matching.prices`, `matching.check_prices`): the loads'
market worked by hand in docs/prices.md, plans a solve stopped early may keep, and random
markets with outlets and loads on every other seed.

The loads' market: one supplier (45 t at 5 kg N/t, N value 2 EUR/kg: 10 EUR/t), one receiver
with room to spare, 10 km; a load carries 30 t for 50 EUR plus 1 EUR per km: 60 EUR.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.matching._factories import by_id, farm, instance, lot, request
from tests.matching._priced import SOLVERS, priced, prices, problems
from tests.matching._random_instances import random_instance

LOADS = {"capacity_t": 30.0, "eur_per_load": 50.0, "eur_per_load_km": 1.0}


def loads_market(tonnes: float = 45.0) -> dict[str, Any]:
    """One supplier (45 t), one receiver with room to spare, 10 km: 60 EUR a load."""
    return instance(
        [farm("S"), farm("B")],
        [lot("L", "S", tonnes=tonnes)],
        [request("R", "B", 1000.0)],
        km=10.0,
        loads=LOADS,
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_loads_price_by_hand(solver: str) -> None:
    """Two loads carry all 45 t (450 − 120 EUR beats one load's 300 − 60). The lot is the
    scarce side (α = 10 EUR/t with the transport sunk, the request's β = 0), so the supplier
    keeps the flow's whole surplus 10 − 120/45 EUR/t and the price is the N value, 10."""
    doc = loads_market()
    sol = priced(doc, solver)
    assert sol["flows"][0]["loads"] == 2
    assert prices(sol) == pytest.approx({("L", "R"): 10.0}, abs=1e-7)
    assert by_id(sol["lots"])["L"]["rent_eur_per_t"] == pytest.approx(10 - 120 / 45, abs=1e-7)
    assert problems(doc, sol) == []


def test_checker_finds_a_deal_left_with_loads() -> None:
    """One load of 30 t leaves 15 t and room on both sides: another load (60 EUR) of those
    15 t earns the pair 150 − 60 = 90 EUR."""
    doc = loads_market()
    sol = priced(doc)
    flow = sol["flows"][0]
    flow |= {"tonnes": 30.0, "n_kg": 150.0, "a_n_kg": 150.0, "animal_n_kg": 150.0}
    flow |= {"loads": 1, "cost_eur": 60.0, "price_eur_per_t": 10.0}
    by_id(sol["lots"])["L"] |= {"placed_t": 30.0, "left_t": 15.0, "rent_eur_per_t": 8.0}
    by_id(sol["requests"])["R"] |= {"met_n_kg": 150.0, "unmet_n_kg": 850.0}
    by_id(sol["farms"])["B"]["animal_n_kg"] = 150.0
    sol["objective"] = sol["bound"] = 240.0
    found = [p for p in problems(doc, sol) if p.startswith("arc ")]
    assert found == [
        "arc L->R: a new deal of up to 15.000000 t out of what both have left would earn "
        "90.000000 EUR, more than the solution's gap 0.000000 EUR"
    ]
    sol["bound"] = 330.0  # a solve stopped 90 EUR short of its bound may leave that deal
    assert [p for p in problems(doc, sol) if p.startswith("arc ")] == []


def _losing_load(price: float, bound: float) -> dict[str, Any]:
    """loads_market's plan cut to one load of 5 t: 50 EUR of N for 60 EUR of transport, as
    a MIP stopped at its time limit may keep (the 10,000-farm case of docs/prices.md)."""
    sol = priced(loads_market())
    flow = sol["flows"][0]
    flow |= {"tonnes": 5.0, "n_kg": 25.0, "a_n_kg": 25.0, "animal_n_kg": 25.0}
    flow |= {"loads": 1, "cost_eur": 60.0, "price_eur_per_t": price}
    by_id(sol["lots"])["L"] |= {"placed_t": 5.0, "left_t": 40.0, "rent_eur_per_t": price - 12}
    by_id(sol["requests"])["R"] |= {"met_n_kg": 25.0, "unmet_n_kg": 975.0}
    by_id(sol["farms"])["B"]["animal_n_kg"] = 25.0
    sol |= {"status": "time_limit", "objective": -10.0, "bound": bound}
    return sol


def test_a_load_that_loses_at_any_price_is_within_the_gap() -> None:
    """The load's own surplus is 50 − 60 = −10 EUR: no price lets both sides gain. At its
    transport (12 EUR/t) the supplier gains 0 and the farm loses the 10 EUR, which the
    solution's gap covers (dropping the load is a plan worth 0 ≤ the bound). A price above
    the transport, or a gap below 10 EUR, is reported."""
    doc = loads_market()

    def farm_lines(sol: dict[str, Any]) -> list[str]:
        return [p for p in problems(doc, sol) if p.startswith("farm ")]

    assert problems(doc, _losing_load(12.0, 400.0)) == []
    assert farm_lines(_losing_load(13.0, 400.0)) == [
        "farm B: loses 15.000000 EUR on its deliveries at these prices"
    ]
    assert farm_lines(_losing_load(12.0, -5.0)) == [
        "farm B: its deliveries lose 10.000000 EUR at any price, more than the solution's "
        "gap 5.000000 EUR"
    ]


@pytest.mark.parametrize("seed", range(40))
def test_random_markets_pass_the_price_checks(seed: int) -> None:
    """Every rule corner (R5, A-share, phosphate, minimum delivery), outlets, and truck
    loads on every other seed: the engine's prices pass every check."""
    doc = random_instance(seed, farms=(2, 12), lots=(1, 10), requests=(0, 8))
    for i, x in enumerate(doc["lots"]):
        x["outlet_eur_per_t"] = (0.0, 5.0, 0.0, 15.0)[(seed + i) % 4]
    if seed % 2:
        doc["params"]["loads"] = {
            "capacity_t": 10.0 + seed,
            "eur_per_load": 50.0,
            "eur_per_load_km": 1.0,
        }
    assert problems(doc, priced(doc)) == []
