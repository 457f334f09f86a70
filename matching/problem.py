"""A validated instance as arrays: the numbers the model needs per farm, lot and request.

Reading the document once into numpy arrays keeps everything after it vectorised: arc
generation, pricing and explanations work on whole columns, never on Python dicts per arc.
Units: t, kg N, kg P2O5, km, EUR, ha.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.rules import (
    KINDS,
    RECEIVING_STATUSES,
    LotClass,
    a_share_slack_kg,
    classify_lot,
    n_room_kg,
    own_a_n_kg,
)


@dataclass(frozen=True)
class Params:
    """The rulebook's policy numbers of one instance (`params`)."""

    n_cap_kg_per_ha: float
    a_share_min: float
    n_value_eur_per_kg: float
    transport_eur_per_t_km: float
    road_factor: float
    max_distance_km: float  # inf when null
    min_delivery_t: float  # 0 when null (clarification 8: 0 = none)

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> Params:
        limit, minimum = params.get("max_distance_km"), params.get("min_delivery_t")
        return cls(
            float(params["n_cap_kg_per_ha"]),
            float(params["a_share_min"]),
            float(params["n_value_eur_per_kg"]),
            float(params["transport_eur_per_t_km"]),
            float(params["road_factor"]),
            math.inf if limit is None else float(limit),
            0.0 if minimum is None else float(minimum),
        )


def _num(value: Any) -> float:
    """Clarification 10: a missing quantity is 0."""
    return 0.0 if value is None else float(value)


@dataclass(frozen=True)
class Farms:
    """Per-farm arrays. room_kg = n_cap·area + Σ natural ha·limit (R1, R2); room_left_kg =
    max(0, room − own manure N); d0 = own A + other A − a_min·(own + other) (R8, D0 form);
    nonorganic_gate: None when non-organic animal manure may come in, else the rule's code."""

    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    receives: np.ndarray  # organic or conversion
    room_kg: np.ndarray
    room_left_kg: np.ndarray
    a_min: np.ndarray
    d0: np.ndarray
    own_n_kg: np.ndarray
    own_a_kg: np.ndarray
    p2o5_room_kg: np.ndarray  # inf when not set
    nonorganic_gate: list[str | None]
    imported_nonorganic: np.ndarray


def _nonorganic_gate(farm: Mapping[str, Any], cap: float) -> str | None:
    """R5 (exported organic this year), R6.3 (own < cap × all ha, strictly) and R9."""
    own = _num(farm.get("own_manure_n_kg"))
    natural = farm.get("natural_land") or []
    total_ha = _num(farm.get("area_ha")) + sum(_num(p.get("ha")) for p in natural)
    if farm.get("exported_organic_this_year"):
        return "r5_exported_organic"
    if not own < cap * total_ha:
        return "r6_own_manure_at_cap"
    if (
        farm.get("status") == "conversion"
        and farm.get("own_manure_status") == "conversion"
        and own > 0
    ):
        return "r9_conversion_own_manure"
    return None


def _farm_row(f: Mapping[str, Any], params: Params) -> tuple[float, ...]:
    """(room, room left, a_min, d0, own, own A, P2O5 room) of one farm document."""
    natural = [
        (_num(p.get("ha")), _num(p.get("n_limit_kg_per_ha"))) for p in f.get("natural_land") or []
    ]
    room = n_room_kg(_num(f.get("area_ha")), natural, params.n_cap_kg_per_ha)
    own, other = _num(f.get("own_manure_n_kg")), _num(f.get("other_n_kg"))
    own_a = own_a_n_kg(own, f.get("own_manure_status"))
    a_min = params.a_share_min if f.get("a_share_min") is None else float(f["a_share_min"])
    d0 = a_share_slack_kg(own_a + _num(f.get("other_a_n_kg")), own + other, a_min)
    p_room = math.inf if f.get("p2o5_room_kg") is None else float(f["p2o5_room_kg"])
    received = _num(f.get("received_animal_n_kg"))
    return (room, max(0.0, room - own - received), a_min, d0, own, own_a, p_room)


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
        own_n_kg=cols[4],
        own_a_kg=cols[5],
        p2o5_room_kg=cols[6],
        nonorganic_gate=[_nonorganic_gate(f, cap) for f in docs],
        imported_nonorganic=np.array(
            [bool(f.get("imported_nonorganic_this_year")) for f in docs], dtype=bool
        ),
    )


@dataclass(frozen=True)
class Lots:
    """Per-lot arrays. n_per_t is the N that counts (champost: 7 kg/t); blocked holds why a
    lot cannot be placed at all (category C, intermediary, R5), else None."""

    ids: list[str]
    classes: list[LotClass]
    kind: np.ndarray  # index into KINDS
    farm: np.ndarray
    tonnes: np.ndarray
    n_per_t: np.ndarray
    p2o5_per_t: np.ndarray
    a: np.ndarray
    animal: np.ndarray
    organic_manure: np.ndarray
    nonorganic_animal: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    max_km: np.ndarray
    blocked: list[str | None]


def _intermediary_block(intermediary: Mapping[str, Any] | None, day: str) -> str | None:
    """R11, clarification 5: Skal-approved, `valid_until` on or after the date (null: none)."""
    if intermediary is None:
        return None
    if not intermediary.get("skal_approved"):
        return "intermediary_not_approved"
    until = intermediary.get("valid_until")
    return "intermediary_expired" if until is not None and str(until) < day else None


def _blocked(
    lot: Mapping[str, Any], cls: LotClass, farm: Mapping[str, Any], day: str
) -> str | None:
    if not cls.placeable:
        return "category_c"
    block = _intermediary_block(lot.get("intermediary"), day)
    if block is None and cls.organic_manure and farm.get("imported_nonorganic_this_year"):
        return "r5_imported_nonorganic"
    return block


def read_lots(
    docs: Sequence[Mapping[str, Any]],
    farms: Farms,
    farm_docs: Sequence[Mapping[str, Any]],
    day: str,
) -> Lots:
    index = {fid: i for i, fid in enumerate(farms.ids)}
    classes = [classify_lot(x["kind"], x.get("origin") or {}) for x in docs]
    farm = np.array([index[x["farm"]] for x in docs], dtype=np.int64)
    own_spot = [x.get("lat") is not None and x.get("lon") is not None for x in docs]
    n = [
        c.n_override_kg_per_t if c.n_override_kg_per_t is not None else float(x["n_kg_per_t"])
        for x, c in zip(docs, classes, strict=True)
    ]
    return Lots(
        ids=[x["id"] for x in docs],
        classes=classes,
        kind=np.array([KINDS.index(x["kind"]) for x in docs], dtype=np.int64),
        farm=farm,
        tonnes=np.array([float(x["tonnes"]) for x in docs]),
        n_per_t=np.array(n, dtype=float),
        p2o5_per_t=np.array([_num(x.get("p2o5_kg_per_t")) for x in docs]),
        a=np.array([c.a_fraction for c in classes], dtype=float),
        animal=np.array([c.animal_fraction for c in classes], dtype=float),
        organic_manure=np.array([c.organic_manure for c in classes], dtype=bool),
        nonorganic_animal=np.array([c.nonorganic_animal for c in classes], dtype=bool),
        lat=np.array(
            [
                float(x["lat"]) if own else farms.lat[farm[i]]
                for i, (x, own) in enumerate(zip(docs, own_spot, strict=True))
            ]
        ),
        lon=np.array(
            [
                float(x["lon"]) if own else farms.lon[farm[i]]
                for i, (x, own) in enumerate(zip(docs, own_spot, strict=True))
            ]
        ),
        max_km=np.array(
            [
                math.inf if x.get("max_distance_km") is None else float(x["max_distance_km"])
                for x in docs
            ]
        ),
        blocked=[
            _blocked(x, c, farm_docs[farm[i]], day)
            for i, (x, c) in enumerate(zip(docs, classes, strict=True))
        ],
    )


@dataclass(frozen=True)
class Requests:
    """Per-request arrays; `accepts[k, j]` says whether request j takes kind k (null = all)."""

    ids: list[str]
    farm: np.ndarray
    n_kg: np.ndarray
    accept_nonorganic: np.ndarray
    max_km: np.ndarray
    accepts: np.ndarray  # (len(KINDS), requests) bool


def read_requests(docs: Sequence[Mapping[str, Any]], farms: Farms) -> Requests:
    index = {fid: i for i, fid in enumerate(farms.ids)}
    accepts = np.ones((len(KINDS), len(docs)), dtype=bool)
    for j, r in enumerate(docs):
        if r.get("kinds") is not None:
            accepts[:, j] = [k in r["kinds"] for k in KINDS]
    return Requests(
        ids=[r["id"] for r in docs],
        farm=np.array([index[r["farm"]] for r in docs], dtype=np.int64),
        n_kg=np.array([float(r["n_kg"]) for r in docs]),
        accept_nonorganic=np.array([bool(r.get("accept_nonorganic")) for r in docs], dtype=bool),
        max_km=np.array(
            [
                math.inf if r.get("max_distance_km") is None else float(r["max_distance_km"])
                for r in docs
            ]
        ),
        accepts=accepts,
    )


@dataclass(frozen=True)
class Problem:
    """One instance, read: params, farms, lots, requests and the distance overrides."""

    doc: Mapping[str, Any]
    params: Params
    farms: Farms
    lots: Lots
    requests: Requests
    overrides: dict[tuple[int, int], float]  # (lot index, request index) -> road km

    @classmethod
    def read(cls, doc: Mapping[str, Any]) -> Problem:
        """Read a document that `validate_instance` accepted."""
        params = Params.of(doc["params"])
        farms = read_farms(doc["farms"], params)
        lots = read_lots(doc["lots"], farms, doc["farms"], str(doc["date"]))
        requests = read_requests(doc["requests"], farms)
        lot_at = {x: i for i, x in enumerate(lots.ids)}
        req_at = {r: j for j, r in enumerate(requests.ids)}
        overrides = {
            (lot_at[d["lot"]], req_at[d["request"]]): float(d["km"])
            for d in doc.get("distances") or []
        }
        return cls(doc, params, farms, lots, requests, overrides)
