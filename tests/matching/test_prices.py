"""Suggested prices (`matching.prices`) and their checks (`matching.check_prices`).

The markets are worked by hand in docs/prices.md. Per tonne: N value 2 EUR/kg × 5 kg N/t =
10 EUR/t, transport 0.15 EUR/t·km. Two suppliers, two receivers:
L1 (100 t, outlet 10 EUR/t) and L2 (100 t, no outlet); R1 600 kg N (120 t), R2 250 kg N
(50 t); km L1→R1 20, L1→R2 40, L2→R1 30, L2→R2 10, so the profits (N value + outlet −
transport) are 17, 14, 5.5 and 8.5 EUR/t. With truck loads: `test_prices_loads.py`.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.matching._factories import by_id, farm, instance, lot, request
from tests.matching._priced import SOLVERS, priced, prices, problems

KM = {("L1", "R1"): 20.0, ("L1", "R2"): 40.0, ("L2", "R1"): 30.0, ("L2", "R2"): 10.0}


def market(r1_n_kg: float = 600.0) -> dict[str, Any]:
    farms = [farm("S1"), farm("S2"), farm("B1"), farm("B2")]
    lots = [lot("L1", "S1") | {"outlet_eur_per_t": 10.0}, lot("L2", "S2")]
    requests = [request("R1", "B1", r1_n_kg), request("R2", "B2", 250.0)]
    return instance(farms, lots, requests, km=KM)


@pytest.mark.parametrize("solver", SOLVERS)
def test_two_by_two_market_by_hand(solver: str) -> None:
    """L1 fills R1 (100 t), L2 tops R1 up (20 t) and fills R2 (50 t), with 30 t left. L2
    has tonnes left: rent 0, so it sells at its transport cost. R1 takes L2's last tonne at
    5.5 EUR/t profit: its rent is 5.5 EUR/t (1.1 EUR/kg N), and L1 keeps 17 − 5.5 = 11.5."""
    sol = priced(market(), solver)
    assert prices(sol) == pytest.approx(
        {("L1", "R1"): 4.5, ("L2", "R1"): 4.5, ("L2", "R2"): 1.5}, abs=1e-7
    )
    lots, reqs = by_id(sol["lots"]), by_id(sol["requests"])
    assert lots["L1"]["rent_eur_per_t"] == pytest.approx(11.5, abs=1e-7)
    assert lots["L2"]["rent_eur_per_t"] == pytest.approx(0.0, abs=1e-7)
    assert reqs["R1"]["shadow_eur_per_kg_n"] == pytest.approx(1.1, abs=1e-7)
    assert reqs["R2"]["shadow_eur_per_kg_n"] == pytest.approx(1.7, abs=1e-7)
    assert problems(market(), sol) == []


@pytest.mark.parametrize("solver", SOLVERS)
def test_degenerate_market_splits_the_surplus_halfway(solver: str) -> None:
    """R1 wants exactly L1's 100 t: L1's rent may be anything in [5.5, 11.5] (R2's
    alternative, 14 − 8.5, and L2's, 17 − 5.5). The fair split takes 8.5, the middle."""
    doc = market(500.0)
    sol = priced(doc, solver)
    assert prices(sol) == pytest.approx({("L1", "R1"): 1.5, ("L2", "R2"): 1.5}, abs=1e-7)
    assert by_id(sol["lots"])["L1"]["rent_eur_per_t"] == pytest.approx(8.5, abs=1e-7)
    assert by_id(sol["requests"])["R1"]["shadow_eur_per_kg_n"] == pytest.approx(1.7, abs=1e-7)
    assert problems(doc, sol) == []


def _edit(solution: dict[str, Any], **changes: float) -> dict[str, Any]:
    """A copy with `L1_R1=price`, `rent_L1=…`, `shadow_R1=…` set."""
    out = copy.deepcopy(solution)
    for key, value in changes.items():
        kind, _, name = key.partition("_")
        if kind == "rent":
            by_id(out["lots"])[name]["rent_eur_per_t"] = value
        elif kind == "shadow":
            by_id(out["requests"])[name]["shadow_eur_per_kg_n"] = value
        else:
            lot_id, request_id = kind, name
            for f in out["flows"]:
                if (f["lot"], f["request"]) == (lot_id, request_id):
                    f["price_eur_per_t"] = value
    return out


def test_checker_refuses_a_price_that_breaks_the_rent() -> None:
    doc = market(500.0)
    bad = _edit(priced(doc), L1_R1=4.0)
    found = problems(doc, bad)
    assert any("L1->R1: the supplier gains 11.000000 EUR/t, not its lot's rent" in p for p in found)
    assert any("lot L1: rent_eur_per_t is 8.500000, its flows give 11.000000" in p for p in found)


def test_checker_refuses_a_loss() -> None:
    doc = market()
    bad = _edit(priced(doc), L2_R2=-1.0, rent_L2=0.0)
    assert any(
        "flows[2] L2->R2: the supplier loses 2.500000 EUR/t" in p for p in problems(doc, bad)
    )


def test_checker_finds_a_pair_that_would_both_gain() -> None:
    """L1's rent 5 (below R2's alternative 14 − 8.5 = 5.5) with R1's shadow rent 12 EUR/t is
    consistent on every flow, but L1 and R2 would both gain at a price between 1 and 1.5."""
    doc = market(500.0)
    bad = _edit(priced(doc), L1_R1=-2.0, rent_L1=5.0, shadow_R1=2.4)
    assert problems(doc, bad) == [
        "arc L1->R2: both would gain at a price between 1.000000 and 1.500000 EUR/t"
    ]


def test_checker_finds_a_rent_on_tonnes_left() -> None:
    """L2 has 30 t left, so its marginal tonne earns nothing: a rent of 1 EUR/t is no dual."""
    doc = market()
    bad = _edit(priced(doc), L2_R2=2.5, L2_R1=5.5, rent_L2=1.0, shadow_R2=1.5, shadow_R1=0.9)
    found = problems(doc, bad)
    assert any(p.startswith("lot L2: rent is 1.000000 although 30.000000 is left") for p in found)


def a_share_market() -> dict[str, Any]:
    """F (a_min 0.7, no own N) can take B slurry (LB, 1 km: 9.85 EUR/t) only next to A
    slurry (LA, 90 km: 10 − 13.5 = −3.5 EUR/t): 0.3·5·x_A ≥ 0.7·5·x_B."""
    farms = [farm("SA"), farm("SB", "conventional"), farm("F")]
    lots = [
        lot("LA", "SA"),
        lot("LB", "SB", tonnes=1000.0, status="conventional", husbandry_ok=True),
    ]
    requests = [request("R", "F", 10000.0, nonorganic=True)]
    return instance(farms, lots, requests, km={("LA", "R"): 90.0, ("LB", "R"): 1.0})


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_share_prices_a_manure_above_its_n_value(solver: str) -> None:
    """x_A = 100, x_B = 300/7. The B flow is interior, LB has tonnes left: 9.85 = 3.5·λ, so
    λ = 2.8142857 EUR per kg A-slack. LA is used up: α = 1.5·λ − 3.5 = 0.7214286 EUR/t, so
    its price is α + 13.5 = 14.2214286 EUR/t, above its N value of 10: the farm pays for the
    A-share room, which it spends on the B slurry at 0.15 EUR/t."""
    doc = a_share_market()
    sol = priced(doc, solver)
    lam = 9.85 / 3.5
    assert prices(sol) == pytest.approx(
        {("LA", "R"): 1.5 * lam - 3.5 + 13.5, ("LB", "R"): 0.15}, abs=1e-6
    )
    assert by_id(sol["farms"])["F"]["a_share_shadow_eur_per_kg_n"] == pytest.approx(lam)
    assert problems(doc, sol) == []


def test_without_the_a_share_credit_the_a_manure_buyer_loses() -> None:
    """Read without λ, the A slurry at 14.22 EUR/t costs its buyer more than its N value:
    the checker counts the A-share room the tonne brings, so λ must be published."""
    doc = a_share_market()
    sol = priced(doc)
    by_id(sol["farms"])["F"]["a_share_shadow_eur_per_kg_n"] = 0.0
    found = problems(doc, sol)
    assert "flows[0] LA->R: the receiver loses 4.221429 EUR/t at this price" in found


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_minimum_delivery_of_a_manure_is_priced_on_the_whole_farm(solver: str) -> None:
    """Minimum delivery 30 t. The farm takes all 10 t of B slurry (LB, 9.85 EUR/t), which
    needs 10·3.5 / 1.5 = 23.3 t of A slurry (LA, 80 km: 10 − 12 = −2 EUR/t), but LA goes in
    30 t or not at all: 38.5 EUR in all. The A-share row keeps 10 kg of slack, so λ = 0; LB
    is used up (α = 9.85), LA has tonnes left (α = 0). LA sells at its transport, 12 EUR/t,
    a loss of 60 EUR for the farm, which LB's supplier gives back: it keeps 9.85 − 60/10 =
    3.85 EUR/t, price 4. The farm gains 0 on the whole, each supplier ≥ 0."""
    farms = [farm("SA"), farm("SB", "conventional"), farm("F")]
    lots = [lot("LA", "SA"), lot("LB", "SB", tonnes=10.0, status="conventional", husbandry_ok=True)]
    requests = [request("R", "F", 10000.0, nonorganic=True)]
    km = {("LA", "R"): 80.0, ("LB", "R"): 1.0}
    doc = instance(farms, lots, requests, km=km, min_delivery_t=30.0)
    sol = priced(doc, solver)
    assert {k: f["tonnes"] for k, f in zip(prices(sol), sol["flows"], strict=True)} == (
        pytest.approx({("LA", "R"): 30.0, ("LB", "R"): 10.0})
    )
    assert prices(sol) == pytest.approx({("LA", "R"): 12.0, ("LB", "R"): 4.0}, abs=1e-7)
    assert by_id(sol["lots"])["LB"]["rent_eur_per_t"] == pytest.approx(3.85, abs=1e-7)
    assert problems(doc, sol) == []
    lossy = copy.deepcopy(sol)
    lossy["flows"][1]["price_eur_per_t"] = 4.5
    by_id(lossy["lots"])["LB"]["rent_eur_per_t"] = 4.35
    assert problems(doc, lossy) == ["farm F: loses 5.000000 EUR on its deliveries at these prices"]


def test_checker_reports_prices_of_the_wrong_type() -> None:
    doc = market()
    bad = priced(doc)
    bad["flows"][0]["price_eur_per_t"] = "4.5"
    by_id(bad["lots"])["L2"]["rent_eur_per_t"] = -1.0
    by_id(bad["farms"])["B1"]["room_shadow_eur_per_kg_n"] = float("nan")
    found = problems(doc, bad)
    assert "flows[0] L1->R1: price_eur_per_t is '4.5'" in found
    assert "lot L2: rent_eur_per_t is -1.0, not a number ≥ 0" in found
    assert "farm B1: room_shadow_eur_per_kg_n is nan, not a number ≥ 0" in found


@pytest.mark.parametrize("solver", SOLVERS)
def test_prices_hold_on_the_r5_side_the_farm_takes(solver: str) -> None:
    """G may export its organic slurry LG to H (100 t at 8.5 EUR/t) or import LN's B slurry
    (200 t at 8.5 EUR/t; its own A manure leaves A-share room for it), not both (R5): it
    imports. LN and RG are both used up, so the
    fair split gives each half of 8.5: price 4.25 + 1.5 = 5.75 EUR/t. LG→H would pay
    8.5 EUR/t to share, but G's side closes it: no pair on an open arc would both gain."""
    farms = [farm("G", own=10000.0), farm("H"), farm("N", "conventional")]
    lots = [
        lot("LG", "G"),
        lot("LN", "N", tonnes=200.0, status="conventional", husbandry_ok=True),
    ]
    requests = [request("RG", "G", 1000.0, nonorganic=True), request("RH", "H", 500.0)]
    doc = instance(farms, lots, requests, km=10.0)
    sol = priced(doc, solver)
    assert by_id(sol["farms"])["G"]["side"] == "imports"
    assert prices(sol) == pytest.approx({("LN", "RG"): 5.75}, abs=1e-7)
    assert problems(doc, sol) == []
