"""A validated instance as arrays: the numbers the model needs per farm, lot and request.

Reading the document once into numpy arrays keeps everything after it vectorised: arc
generation, pricing and explanations work on whole columns, never on Python dicts per arc.
Units: t, kg N, kg P2O5, km, EUR, ha.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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
class Loads:
    """`params.loads`: transport paid per truck load. capacity_t (t per load, > 0) unless a
    lot's `load_t` overrides it; cost of a flow = loads × (eur_per_load + eur_per_load_km × km)."""

    capacity_t: float
    eur_per_load: float
    eur_per_load_km: float

    @classmethod
    def of(cls, loads: Mapping[str, Any] | None) -> Loads | None:
        names = ("capacity_t", "eur_per_load", "eur_per_load_km")
        return None if loads is None else cls(*(float(loads[k]) for k in names))


@dataclass(frozen=True)
class Params:
    """The rulebook's policy numbers of one instance (`params`); `loads` None = per t·km."""

    n_cap_kg_per_ha: float
    a_share_min: float
    n_value_eur_per_kg: float
    transport_eur_per_t_km: float
    road_factor: float
    max_distance_km: float  # inf when null
    min_delivery_t: float  # 0 when null (clarification 8: 0 = none)
    loads: Loads | None = None

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
            Loads.of(params.get("loads")),
        )


def _num(value: Any) -> float:
    """Clarification 10: a missing quantity is 0."""
    return 0.0 if value is None else float(value)


def column(docs: Sequence[Mapping[str, Any]], name: str, missing: float) -> np.ndarray:
    """The number `name` of each item as floats; `missing` where it is absent or null."""
    return np.array([missing if x.get(name) is None else float(x[name]) for x in docs], dtype=float)


def days(docs: Sequence[Mapping[str, Any]], name: str, open_end: float) -> np.ndarray:
    """Day ordinals (`date.toordinal`, as floats) of the ISO date `name` of each item; an open
    end (absent or null) is `open_end`: -inf for a window's first day, +inf for its last."""
    ordinal = [
        None if x.get(name) is None else date.fromisoformat(x[name]).toordinal() for x in docs
    ]
    return np.array([open_end if o is None else o for o in ordinal], dtype=float)


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
    lot cannot be placed at all (category C, intermediary, R5), else None. outlet_eur_per_t:
    EUR/t the supplier saves per tonne placed (0 when absent); available_from/until: day
    ordinals of the window (-inf/+inf when open); load_t: t per truck load (the lot's own or
    `params.loads.capacity_t`; nan without `params.loads`, where any `load_t` is ignored)."""

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
    outlet_eur_per_t: np.ndarray
    available_from: np.ndarray
    available_until: np.ndarray
    load_t: np.ndarray


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


def _load_t(docs: Sequence[Mapping[str, Any]], loads: Loads | None) -> np.ndarray:
    if loads is None:
        return np.full(len(docs), math.nan)
    return column(docs, "load_t", loads.capacity_t)


def read_lots(
    docs: Sequence[Mapping[str, Any]],
    farms: Farms,
    farm_docs: Sequence[Mapping[str, Any]],
    day: str,
    loads: Loads | None = None,
) -> Lots:
    index = {fid: i for i, fid in enumerate(farms.ids)}
    classes = [classify_lot(x["kind"], x.get("origin") or {}) for x in docs]
    farm = np.array([index[x["farm"]] for x in docs], dtype=np.int64)
    own_spot = np.array([x.get("lat") is not None and x.get("lon") is not None for x in docs])
    n = [
        c.n_override_kg_per_t if c.n_override_kg_per_t is not None else float(x["n_kg_per_t"])
        for x, c in zip(docs, classes, strict=True)
    ]
    return Lots(
        ids=[x["id"] for x in docs],
        classes=classes,
        kind=np.array([KINDS.index(x["kind"]) for x in docs], dtype=np.int64),
        farm=farm,
        tonnes=column(docs, "tonnes", 0.0),
        n_per_t=np.array(n, dtype=float),
        p2o5_per_t=column(docs, "p2o5_kg_per_t", 0.0),
        a=np.array([c.a_fraction for c in classes], dtype=float),
        animal=np.array([c.animal_fraction for c in classes], dtype=float),
        organic_manure=np.array([c.organic_manure for c in classes], dtype=bool),
        nonorganic_animal=np.array([c.nonorganic_animal for c in classes], dtype=bool),
        lat=np.where(own_spot, column(docs, "lat", math.nan), farms.lat[farm]),
        lon=np.where(own_spot, column(docs, "lon", math.nan), farms.lon[farm]),
        max_km=column(docs, "max_distance_km", math.inf),
        blocked=[
            _blocked(x, c, farm_docs[farm[i]], day)
            for i, (x, c) in enumerate(zip(docs, classes, strict=True))
        ],
        outlet_eur_per_t=column(docs, "outlet_eur_per_t", 0.0),
        available_from=days(docs, "available_from", -math.inf),
        available_until=days(docs, "available_until", math.inf),
        load_t=_load_t(docs, loads),
    )


@dataclass(frozen=True)
class Requests:
    """Per-request arrays; `accepts[k, j]` says whether request j takes kind k (null = all);
    wanted_from/until: day ordinals of the window (-inf/+inf when open)."""

    ids: list[str]
    farm: np.ndarray
    n_kg: np.ndarray
    accept_nonorganic: np.ndarray
    max_km: np.ndarray
    accepts: np.ndarray  # (len(KINDS), requests) bool
    wanted_from: np.ndarray
    wanted_until: np.ndarray


def read_requests(docs: Sequence[Mapping[str, Any]], farms: Farms) -> Requests:
    index = {fid: i for i, fid in enumerate(farms.ids)}
    accepts = np.ones((len(KINDS), len(docs)), dtype=bool)
    for j, r in enumerate(docs):
        if r.get("kinds") is not None:
            accepts[:, j] = [k in r["kinds"] for k in KINDS]
    return Requests(
        ids=[r["id"] for r in docs],
        farm=np.array([index[r["farm"]] for r in docs], dtype=np.int64),
        n_kg=column(docs, "n_kg", 0.0),
        accept_nonorganic=np.array([bool(r.get("accept_nonorganic")) for r in docs], dtype=bool),
        max_km=column(docs, "max_distance_km", math.inf),
        accepts=accepts,
        wanted_from=days(docs, "wanted_from", -math.inf),
        wanted_until=days(docs, "wanted_until", math.inf),
    )


@dataclass(frozen=True)
class Problem:
    """One instance, read: params, farms, lots, requests, the distance overrides and the
    excluded pairs as sorted keys lot index × len(requests) + request index (no arc)."""

    doc: Mapping[str, Any]
    params: Params
    farms: Farms
    lots: Lots
    requests: Requests
    overrides: dict[tuple[int, int], float]  # (lot index, request index) -> road km
    excluded: np.ndarray  # int64 keys of `excluded_pairs`, ascending, unique

    @classmethod
    def read(cls, doc: Mapping[str, Any]) -> Problem:
        """Read a document that `validate_instance` accepted."""
        params = Params.of(doc["params"])
        farms = read_farms(doc["farms"], params)
        lots = read_lots(doc["lots"], farms, doc["farms"], str(doc["date"]), params.loads)
        requests = read_requests(doc["requests"], farms)
        lot_at = {x: i for i, x in enumerate(lots.ids)}
        req_at = {r: j for j, r in enumerate(requests.ids)}
        overrides = {
            (lot_at[d["lot"]], req_at[d["request"]]): float(d["km"])
            for d in doc.get("distances") or []
        }
        pairs = doc.get("excluded_pairs") or []
        keys = [lot_at[d["lot"]] * len(req_at) + req_at[d["request"]] for d in pairs]
        excluded = np.unique(np.array(keys, dtype=np.int64))
        return cls(doc, params, farms, lots, requests, overrides, excluded)
