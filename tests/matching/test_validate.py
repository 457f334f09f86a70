"""Instance validation: every refusal names the item and the field, and lists all problems."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from matching import InvalidInstance, instance_errors, solve_instance
from tests.matching._factories import farm, instance, lot, request


def _base() -> dict:
    return instance([farm("F1"), farm("F2")], [lot("L1", "F1")], [request("R2", "F2", 100)])


def _edit(change: Callable[[dict], None]) -> dict:
    doc = copy.deepcopy(_base())
    change(doc)
    return doc


CASES: dict[str, tuple[Callable[[dict], None], str]] = {
    "format": (lambda d: d.update(format="mestmatch/instance@2"), "format: must be"),
    "date": (lambda d: d.update(date="22-11-2026"), "date: must be a date YYYY-MM-DD"),
    "n above the physical limit": (
        lambda d: d["lots"][0].update(n_kg_per_t=1000.5),
        "lots[0].n_kg_per_t: must be between 0 and 1000",
    ),
    "negative tonnes": (
        lambda d: d["lots"][0].update(tonnes=-1),
        "lots[0].tonnes: must be at least 0",
    ),
    "unknown kind": (lambda d: d["lots"][0].update(kind="guano"), "lots[0].kind: must be one of"),
    "dangling farm": (lambda d: d["lots"][0].update(farm="F9"), "lots[0].farm: unknown farm 'F9'"),
    "duplicate lot id": (
        lambda d: d["lots"].append(dict(d["lots"][0])),
        "lots[1].id: duplicate id 'L1'",
    ),
    "duplicate farm id": (
        lambda d: d["farms"].append(dict(d["farms"][0])),
        "farms[2].id: duplicate id 'F1'",
    ),
    "conventional request": (
        lambda d: d["farms"][1].update(status="conventional"),
        "requests[0].farm: a conventional farm cannot request",
    ),
    "latitude": (
        lambda d: d["farms"][0].update(lat=95.0),
        "farms[0].lat: must be between -90 and 90",
    ),
    "longitude": (
        lambda d: d["farms"][0].update(lon=-190.0),
        "farms[0].lon: must be between -180 and 180",
    ),
    "lat without lon": (
        lambda d: d["lots"][0].update(lat=52.0),
        "lots[0].lat: lat and lon must be given together",
    ),
    "other A above other": (
        lambda d: d["farms"][0].update(other_n_kg=10, other_a_n_kg=20),
        "farms[0].other_a_n_kg: must not exceed other_n_kg",
    ),
    "null own manure status": (
        lambda d: d["farms"][0].update(own_manure_status=None),
        "farms[0].own_manure_status: must be one of",
    ),
    "unknown kind accepted": (
        lambda d: d["requests"][0].update(kinds=["cattle_slurry", "x"]),
        "requests[0].kinds[1]: must be one of",
    ),
    "duplicate distance": (
        lambda d: d["distances"].append(dict(d["distances"][0])),
        "distances[1]: duplicate distance for lot 'L1' and request 'R2'",
    ),
    "negative request": (
        lambda d: d["requests"][0].update(n_kg=-5),
        "requests[0].n_kg: must be at least 0",
    ),
    "a_share_min range": (
        lambda d: d["params"].update(a_share_min=1.5),
        "params.a_share_min: must be between 0 and 1",
    ),
    "missing param": (
        lambda d: d["params"].pop("road_factor"),
        "params.road_factor: must be a number",
    ),
    "flag type": (
        lambda d: d["requests"][0].update(accept_nonorganic="yes"),
        "requests[0].accept_nonorganic: must be true, false or null",
    ),
    "natural land": (
        lambda d: d["farms"][0].update(natural_land=[{"ha": -1, "n_limit_kg_per_ha": 1}]),
        "farms[0].natural_land[0].ha: must be at least 0",
    ),
    "manure share": (
        lambda d: d["lots"][0]["origin"].update(manure_share=2),
        "lots[0].origin.manure_share: must be between 0 and 1",
    ),
    "intermediary date": (
        lambda d: d["lots"][0].update(intermediary={"skal_approved": True, "valid_until": "soon"}),
        "lots[0].intermediary.valid_until: must be a date YYYY-MM-DD",
    ),
}


def test_the_base_instance_is_valid() -> None:
    assert instance_errors(_base()) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_problem_is_named_by_item_and_field(name: str) -> None:
    change, message = CASES[name]
    errors = instance_errors(_edit(change))
    assert any(e.startswith(message) for e in errors), errors


def test_all_problems_are_reported_at_once() -> None:
    def two(d: dict) -> None:
        d["lots"][0]["tonnes"] = -1
        d["farms"][0]["lat"] = 100

    with pytest.raises(InvalidInstance) as caught:
        solve_instance(_edit(two))
    assert len(caught.value.errors) == 2


def test_not_an_object_is_refused() -> None:
    assert instance_errors([1, 2]) == ["instance: must be a JSON object"]
