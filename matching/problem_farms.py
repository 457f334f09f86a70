"""The farms of an instance as arrays: N room, A-share slack and the R5/R6.3/R9 gate.

Split from `matching.problem`: the farm rules (R1, R2, R5, R6.3, R8, R9) read off a farm
document are one concern, and the lots and requests only need the farms' ids and places.
`own_manure_n_kg` is what the own animals produce; less the optional `exported_animal_n_kg`
(what of it left the farm) it is the own manure kept on the own land, which R1, R2, R8 and
R9 read, while R6.3 reads the production (docs/engine.md). Units: kg N, kg P2O5, ha.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.problem_params import Params
from matching.rules import (
    RECEIVING_STATUSES,
    GateFacts,
    a_share_slack_kg,
    kept_own_manure_n_kg,
    n_room_kg,
    nonorganic_gate,
    own_a_n_kg,
)


def _num(value: Any) -> float:
    """Clarification 10: a missing quantity is 0."""
    return 0.0 if value is None else float(value)


@dataclass(frozen=True)
class Farms:
    """Per-farm arrays. room_kg = n_cap·area + Σ natural ha·limit (R1, R2); kept_n_kg = own
    manure N kept on the own land (produced − exported); room_left_kg = max(0, room − kept −
    received animal N); d0 = own A + other A − a_min·(kept + other) (R8, D0 form), own A the
    kept N unless conventional; nonorganic_gate: None when non-organic animal manure may come
    in, else the rule's code."""

    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    receives: np.ndarray  # organic or conversion
    room_kg: np.ndarray
    room_left_kg: np.ndarray
    a_min: np.ndarray
    d0: np.ndarray
    kept_n_kg: np.ndarray
    own_a_kg: np.ndarray
    p2o5_room_kg: np.ndarray  # inf when not set
    nonorganic_gate: list[str | None]
    imported_nonorganic: np.ndarray


def kept_manure_n_kg(farm: Mapping[str, Any]) -> float:
    """The farm document's own manure N kept on its own land (kg): `own_manure_n_kg` less
    the optional `exported_animal_n_kg` (validated ≤ own; absent = 0)."""
    own = _num(farm.get("own_manure_n_kg"))
    return kept_own_manure_n_kg(own, _num(farm.get("exported_animal_n_kg")))


def _nonorganic_gate(farm: Mapping[str, Any], cap: float) -> str | None:
    """R5, R6.3 and R9 (`matching.rules.nonorganic_gate`) on a farm document: R5 from
    `exported_organic_this_year`, R6.3 from the production over all its ha."""
    natural = farm.get("natural_land") or []
    facts = GateFacts(
        exported_organic=bool(farm.get("exported_organic_this_year")),
        produced_n_kg=_num(farm.get("own_manure_n_kg")),
        kept_n_kg=kept_manure_n_kg(farm),
        total_ha=_num(farm.get("area_ha")) + sum(_num(p.get("ha")) for p in natural),
        status=farm.get("status"),
        own_manure_status=farm.get("own_manure_status"),
    )
    return nonorganic_gate(facts, cap)


def _farm_row(f: Mapping[str, Any], params: Params) -> tuple[float, ...]:
    """(room, room left, a_min, d0, kept, own A, P2O5 room) of one farm document."""
    natural = [
        (_num(p.get("ha")), _num(p.get("n_limit_kg_per_ha"))) for p in f.get("natural_land") or []
    ]
    room = n_room_kg(_num(f.get("area_ha")), natural, params.n_cap_kg_per_ha)
    kept, other = kept_manure_n_kg(f), _num(f.get("other_n_kg"))
    own_a = own_a_n_kg(kept, f.get("own_manure_status"))
    a_min = params.a_share_min if f.get("a_share_min") is None else float(f["a_share_min"])
    d0 = a_share_slack_kg(own_a + _num(f.get("other_a_n_kg")), kept + other, a_min)
    p_room = math.inf if f.get("p2o5_room_kg") is None else float(f["p2o5_room_kg"])
    received = _num(f.get("received_animal_n_kg"))
    return (room, max(0.0, room - kept - received), a_min, d0, kept, own_a, p_room)


def read_farms(docs: Sequence[Mapping[str, Any]], params: Params) -> Farms:
    cap = params.n_cap_kg_per_ha
    cols = np.array([_farm_row(f, params) for f in docs], dtype=float).reshape(len(docs), 7).T
    return Farms(
        ids=[f["id"] for f in docs],
        lat=np.array([float(f["lat"]) for f in docs]),
        lon=np.array([float(f["lon"]) for f in docs]),
        receives=np.array([f.get("status") in RECEIVING_STATUSES for f in docs], dtype=bool),
        room_kg=cols[0],
        room_left_kg=cols[1],
        a_min=cols[2],
        d0=cols[3],
        kept_n_kg=cols[4],
        own_a_kg=cols[5],
        p2o5_room_kg=cols[6],
        nonorganic_gate=[_nonorganic_gate(f, cap) for f in docs],
        imported_nonorganic=np.array(
            [bool(f.get("imported_nonorganic_this_year")) for f in docs], dtype=bool
        ),
    )
