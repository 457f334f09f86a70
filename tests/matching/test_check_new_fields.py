"""The checker and the validation on the optional fields of 2026-11-30 (INSTANCE.md): the
outlet in the objective, whole truck loads, and delivery windows.

Every expected number is computed by hand from `_factories_check`'s base instance: L1 is
100 t of cattle slurry at 4 kg N/t, 40 km from R2 (2,000 kg N); N is worth 2 EUR/kg,
transport without loads 0.15 EUR/t·km, i.e. 6 EUR/t.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from matching.check import check_solution, main
from matching.check_arcs import RuleBook, legal_arcs
from matching.validate import instance_errors
from tests.matching._factories_check import by_id, flow, instance, solution

#: params.loads of these tests: 30 t a load, 50 EUR a load plus 2 EUR a km, so a load over
#: 40 km costs 50 + 2 × 40 = 130 EUR.
LOADS = {"capacity_t": 30, "eur_per_load": 50, "eur_per_load_km": 2}


def _problems(doc: dict[str, Any], flows: list[dict[str, Any]], objective: float) -> list[str]:
    sol = solution(doc, flows)
    sol["objective"] = objective
    return check_solution(doc, sol)


def _loaded(tonnes: float, loads: Any, cost: float) -> dict[str, Any]:
    return flow("L1", "R2", tonnes) | {"loads": loads, "cost_eur": cost}


def test_the_objective_counts_the_outlet_saving() -> None:
    """50 t of L1 with an outlet of 15 EUR/t: N 2 × 200 kg = 400 + outlet 15 × 50 = 750 −
    transport 6 × 50 = 300 → 850 EUR; the objective without the outlet (100) is wrong."""
    doc = instance()
    by_id(doc["lots"], "L1")["outlet_eur_per_t"] = 15
    assert _problems(doc, [flow("L1", "R2", 50.0)], 850.0) == []
    wrong = _problems(doc, [flow("L1", "R2", 50.0)], 100.0)
    assert wrong == ["objective is 100.0, recomputed 850.000000"]


def test_whole_loads_with_a_partial_last_load_are_accepted() -> None:
    """50 t at 30 t a load: 2 loads (the second 20 t), 2 × 130 = 260 EUR; objective
    400 − 260 = 140 EUR. 60 t fill exactly 2 loads: 480 − 260 = 220 EUR."""
    doc = instance()
    doc["params"]["loads"] = LOADS
    assert _problems(doc, [_loaded(50.0, 2, 260.0)], 140.0) == []
    assert _problems(doc, [_loaded(60.0, 2, 260.0)], 220.0) == []


@pytest.mark.parametrize(
    ("loads", "message"),
    [
        (1, "loads is 1: 1 load(s) of 30 t carry less than 50.000000 t (needs 2)"),
        (1.5, "loads is 1.5, not a whole number of truck loads"),
        (None, "loads is None, not a whole number of truck loads"),
        (0, "loads is 0: a delivery needs at least one truck load"),
    ],
)
def test_loads_below_tonnes_per_capacity_or_not_whole_are_reported(
    loads: Any, message: str
) -> None:
    """50 t need 2 loads of 30 t; the cost and objective are those of the reported loads
    where they are whole (1 load: 130 EUR), else of the 2 loads needed (260 EUR)."""
    doc = instance()
    doc["params"]["loads"] = LOADS
    whole = isinstance(loads, int)
    cost = 130.0 * loads if whole else 260.0
    problems = _problems(doc, [_loaded(50.0, loads, cost)], 400.0 - cost)
    assert problems == [f"flows[0] L1->R2: {message}"]


def test_cost_per_tonne_km_is_wrong_when_transport_is_paid_per_load() -> None:
    """With loads, 50 t over 40 km cost 2 loads × 130 = 260 EUR, not 6 × 50 = 300 EUR."""
    doc = instance()
    doc["params"]["loads"] = LOADS
    problems = _problems(doc, [_loaded(50.0, 2, 300.0)], 100.0)
    assert problems == [
        "flows[0] L1->R2: cost_eur is 300.0, expected 260.000000",
        "objective is 100.0, recomputed 140.000000",
    ]


def test_a_lot_s_own_load_size_overrides_the_capacity() -> None:
    """L1 comes in trailers of 20 t: 50 t need 3 loads (3 × 130 = 390 EUR, objective 10),
    so 2 loads, enough at 30 t, are too few."""
    doc = instance()
    doc["params"]["loads"] = LOADS
    by_id(doc["lots"], "L1")["load_t"] = 20
    assert _problems(doc, [_loaded(50.0, 3, 390.0)], 10.0) == []
    problems = _problems(doc, [_loaded(50.0, 2, 260.0)], 140.0)
    assert problems == [
        "flows[0] L1->R2: loads is 2: 2 load(s) of 20 t carry less than 50.000000 t (needs 3)"
    ]


def test_without_params_loads_a_load_t_and_a_loads_field_change_nothing() -> None:
    """Transport per tonne-km as before: 50 t cost 300 EUR, objective 100 EUR."""
    doc = instance()
    by_id(doc["lots"], "L1")["load_t"] = 20
    assert _problems(doc, [flow("L1", "R2", 50.0) | {"loads": 7}], 100.0) == []


def _windows(lot_until: str, wanted_from: str) -> dict[str, Any]:
    doc = instance()
    by_id(doc["lots"], "L1").update(available_from="2026-12-01", available_until=lot_until)
    by_id(doc["requests"], "R2").update(wanted_from=wanted_from, wanted_until=None)
    return doc


def test_a_flow_on_an_arc_closed_by_the_windows_is_a_violation() -> None:
    """L1 is available until 15 Feb, R2 wants it from 16 Feb: the arc does not exist."""
    doc = _windows("2027-02-15", "2027-02-16")
    problems = _problems(doc, [flow("L1", "R2", 50.0)], 100.0)
    assert problems == [
        "flows[0] L1->R2: arc not allowed: lot available 2026-12-01..2027-02-15 and request "
        "wanted 2027-02-16..None do not overlap"
    ]
    assert ("L1", "R2") not in {(a.lot, a.request) for a in legal_arcs(RuleBook(doc))}


def test_windows_sharing_a_day_leave_the_arc_legal() -> None:
    doc = _windows("2027-02-16", "2027-02-16")
    assert _problems(doc, [flow("L1", "R2", 50.0)], 100.0) == []
    assert ("L1", "R2") in {(a.lot, a.request) for a in legal_arcs(RuleBook(doc))}


@pytest.mark.parametrize(
    ("where", "change", "message"),
    [
        ("lot", {"outlet_eur_per_t": -1}, "lots[0].outlet_eur_per_t: must be at least 0"),
        ("lot", {"load_t": 0}, "lots[0].load_t: must be more than 0 and at most 1e+09"),
        ("lot", {"available_from": "2027-02-30"}, "lots[0].available_from: must be a date"),
        (
            "lot",
            {"available_from": "2027-03-01", "available_until": "2027-02-01"},
            "lots[0].available_until: must not be before available_from (2027-03-01)",
        ),
        (
            "request",
            {"wanted_from": "2027-03-01", "wanted_until": "1 May"},
            "requests[0].wanted_until: must be a date",
        ),
        ("loads", {"capacity_t": 0}, "params.loads.capacity_t: must be more than 0"),
        ("loads", {"eur_per_load": -5}, "params.loads.eur_per_load: must be at least 0"),
        ("loads", {"eur_per_load_km": None}, "params.loads.eur_per_load_km: must be a number"),
        (
            "loads",
            {"eur_per_lod": 40},
            "params.loads.eur_per_lod: unknown field (known: capacity_t, eur_per_load,"
            " eur_per_load_km)",
        ),
    ],
)
def test_bad_new_fields_are_refused_with_item_and_field(
    where: str, change: dict[str, Any], message: str
) -> None:
    doc = instance()
    item = {"lot": doc["lots"][0], "request": doc["requests"][0]}.get(where)
    if item is None:
        doc["params"]["loads"] = LOADS | change
    else:
        item.update(change)
    errors = instance_errors(doc)
    assert len(errors) == 1 and errors[0].startswith(message)


def test_params_loads_must_be_an_object_or_null() -> None:
    doc = instance()
    doc["params"]["loads"] = None
    assert instance_errors(doc) == []
    doc["params"]["loads"] = 30
    assert instance_errors(doc) == ["params.loads: must be an object or null"]
    doc["params"]["loads"] = {"capacity_t": 30}
    assert instance_errors(doc) == [
        "params.loads.eur_per_load: is required",
        "params.loads.eur_per_load_km: is required",
    ]


def test_check_command_exits_2_on_a_bad_window(tmp_path: Path) -> None:
    doc = _windows("2027-02-15", "2027-02-16")
    by_id(doc["lots"], "L1")["available_until"] = "2026-11-30"
    paths = [tmp_path / "instance.json", tmp_path / "solution.json"]
    for path, content in zip(paths, (doc, solution(doc, [])), strict=True):
        path.write_text(json.dumps(content))
    assert main([str(p) for p in paths]) == 2
