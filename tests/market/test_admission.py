"""A run's admission (`market.runs.services.admission.admit`): what the engine refuses or a
coordinator suspended is left out with its reasons; the rest goes on."""

from __future__ import annotations

from typing import Any

from market.runs.services.admission import LeftOut, admit
from tests.matching._factories import farm, instance, lot, request


def document() -> dict[str, Any]:
    """Three farms: F1 offers L1 and L2, F2 asks R2, F3 (refused below) offers L3 and asks R3."""
    farms = [farm("F1"), farm("F2"), farm("F3")]
    lots = [lot("L1", "F1"), lot("L2", "F1"), lot("L3", "F3")]
    return instance(farms, lots, [request("R2", "F2", 100), request("R3", "F3", 50)])


def test_refused_items_are_left_out_with_the_engines_reasons() -> None:
    errors = [
        "lots[1].p2o5_kg_per_t: must be between 0 and 1000",
        "lots[1].tonnes: must be at least 0",
        "farms[2].natural_land[0].n_limit_kg_per_ha: must not exceed params.n_cap_kg_per_ha (170)",
        "params.road_factor: must be at most 10",  # no item: stays for the run's own check
    ]
    kept, left = admit(document(), errors, {})
    assert [x["id"] for x in kept["lots"]] == ["L1"]
    assert [x["id"] for x in kept["requests"]] == ["R2"]
    assert [x["id"] for x in kept["farms"]] == ["F1", "F2"]
    assert {(d["lot"], d["request"]) for d in kept["distances"]} == {("L1", "R2")}
    farm_reason = "natural_land[0].n_limit_kg_per_ha: must not exceed params.n_cap_kg_per_ha (170)"
    assert left == [
        LeftOut(
            "lots",
            "L2",
            ("p2o5_kg_per_t: must be between 0 and 1000", "tonnes: must be at least 0"),
        ),
        LeftOut("farms", "F3", (farm_reason,)),
        LeftOut("lots", "L3", (f"its farm F3: {farm_reason}",)),
        LeftOut("requests", "R3", (f"its farm F3: {farm_reason}",)),
    ]


def test_suspended_listings_are_left_out_with_the_coordinators_reason() -> None:
    kept, left = admit(document(), [], {"L1": "analysis under review"})
    assert [x["id"] for x in kept["lots"]] == ["L2", "L3"]
    assert left == [LeftOut("lots", "L1", ("suspended by a coordinator: analysis under review",))]


def test_a_valid_document_passes_unchanged() -> None:
    doc = document()
    kept, left = admit(doc, [], {})
    assert (kept, left) == (doc, [])
