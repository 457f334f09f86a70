"""Reasons on small hand-made markets, each built so that one rule binds (issue 14): the
reason a lot or request gets names that rule and no other, whichever side the solver picks
for an R5 binary. `test_explain_whatif` checks the same on random markets by re-solving."""

from __future__ import annotations

from typing import Any

import pytest

from matching import solve_instance

Doc = dict[str, Any]


def _farm(farm_id: str, *, area_ha: float = 20.0, a_share_min: float | None = None) -> Doc:
    return {
        "id": farm_id,
        "name": farm_id,
        "status": "organic",
        "lat": 52.0,
        "lon": 5.0,
        "area_ha": area_ha,
        "natural_land": [],
        "own_manure_n_kg": 0,
        "own_manure_status": "organic",
        "other_n_kg": 0,
        "other_a_n_kg": 0,
        "a_share_min": a_share_min,
        "p2o5_room_kg": None,
        "exported_organic_this_year": False,
        "imported_nonorganic_this_year": False,
    }


def _lot(lot_id: str, farm: str, status: str) -> Doc:
    origin = {"status": status, "husbandry_ok": True}
    return {"id": lot_id, "farm": farm, "kind": "cattle_slurry", "tonnes": 500} | (
        {"n_kg_per_t": 4.4, "origin": origin, "intermediary": None, "max_distance_km": None}
    )


def _request(request_id: str, farm: str) -> Doc:
    return {"id": request_id, "farm": farm, "n_kg": 5000, "kinds": None} | (
        {"accept_nonorganic": True, "max_distance_km": None}
    )


def _market(
    farms: list[Doc], lots: list[Doc], requests: list[Doc], km: dict[tuple[str, str], float]
) -> Doc:
    """All farms on one spot; the distances are the overrides `km` (others are 0 km)."""
    params = {"n_cap_kg_per_ha": 170, "a_share_min": 0.7, "n_value_eur_per_kg": 2.0}
    params |= {"transport_eur_per_t_km": 0.15, "road_factor": 1.3, "max_distance_km": 150}
    distances = [{"lot": lot, "request": req, "km": d} for (lot, req), d in km.items()]
    return {"format": "mestmatch/instance@1", "date": "2026-11-22", "params": params} | (
        {"farms": farms, "lots": lots, "requests": requests, "distances": distances}
    )


def test_a_lot_whose_paying_delivery_fills_the_room_is_told_so_not_transport() -> None:
    """The lot's one delivery at 42 km pays (4.4 kg N × 2 EUR > 42 km × 0.15 EUR per t) and
    fills the receiver's 170 kg N room; its three arcs at 150 km do not pay."""
    far = [_farm(f"F{i}") for i in range(3)]
    doc = _market(
        [_farm("S"), _farm("N", area_ha=1.0), *far],
        [_lot("L", "S", "organic")],
        [_request("RN", "N")] + [_request(f"R{i}", f"F{i}") for i in range(3)],
        {("L", "RN"): 42.0} | {("L", f"R{i}"): 150.0 for i in range(3)},
    )
    (lot,) = solve_instance(doc)["lots"]
    assert lot["placed_t"] == pytest.approx(170 / 4.4)
    assert lot["why_left_code"] == "n_room_full"


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_an_r5_side_that_moves_nothing_is_no_reason(solver: str) -> None:
    """Farm G could export its organic lot OWN (to RT, 20 km) or import non-organic L (to
    RG, 0 km): the R5 binary. Neither happens, whichever side the solver picks: M fills RT
    first, and L would push G below the A-share. So the export/import rule binds nobody."""
    to_t = _request("RT", "T") | {"n_kg": 1000}
    doc = _market(
        [_farm("G"), _farm("S"), _farm("T"), _farm("S2")],
        [_lot("OWN", "G", "organic"), _lot("L", "S", "conventional"), _lot("M", "S2", "organic")],
        [_request("RG", "G"), to_t],
        {("OWN", "RT"): 20.0, ("L", "RT"): 150.0, ("M", "RG"): 150.0},
    )
    solution = solve_instance(doc, solver=solver)
    assert [(f["lot"], f["request"]) for f in solution["flows"]] == [("M", "RT")]
    lots = {row["id"]: row["why_left_code"] for row in solution["lots"]}
    requests = {row["id"]: row["why_unmet_code"] for row in solution["requests"]}
    assert lots == {"OWN": "requests_met", "L": "a_share", "M": "requests_met"}
    assert requests == {"RG": "a_share", "RT": "met"}


@pytest.mark.parametrize(
    ("km", "code"), [(20.0, "nonorganic_refused"), (200.0, "no_receiver_in_reach")]
)
def test_the_non_organic_gate_is_named_only_where_it_alone_keeps_a_lot_away(
    km: float, code: str
) -> None:
    """Non-organic L's one taker (A-share exempt) refuses non-organic manure; at 200 km it
    is beyond the 150 km limit as well, and opening the gate would not place L there."""
    doc = _market(
        [_farm("S"), _farm("T", a_share_min=0.0)],
        [_lot("L", "S", "conventional")],
        [_request("R", "T") | {"accept_nonorganic": False}],
        {("L", "R"): km},
    )
    (lot,) = solve_instance(doc)["lots"]
    assert lot["why_left_code"] == code
    doc["requests"][0]["accept_nonorganic"] = True
    (opened,) = solve_instance(doc)["lots"]
    assert (opened["placed_t"] > 0) == (code == "nonorganic_refused")
