"""One instance read through `check_rules`: lookups, arc distances and all legal arcs.

`RuleBook` is the checker's (and the greedy baseline's) view of an instance. `legal_arcs`
enumerates every allowed lot -> request delivery with numpy (one vector of great-circle
distances per lot), so a 10,000-farm instance takes seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.check_rules import (
    RECEIVING_STATUSES,
    FarmFacts,
    LotFacts,
    arc_problem,
    derive_farm,
    derive_lot,
    distance_limit,
    kind_accepted,
)

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Arc:
    """A legal delivery lot -> request over `km` road kilometres."""

    lot: str
    request: str
    km: float


class RuleBook:
    """Derived facts of every lot and farm of one instance document."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.params: Mapping[str, Any] = doc["params"]
        self.farms: dict[str, Mapping[str, Any]] = {f["id"]: f for f in doc["farms"]}
        self.lots: dict[str, Mapping[str, Any]] = {x["id"]: x for x in doc["lots"]}
        self.requests: dict[str, Mapping[str, Any]] = {r["id"]: r for r in doc["requests"]}
        self.farm_facts: dict[str, FarmFacts] = {
            fid: derive_farm(f, self.params) for fid, f in self.farms.items()
        }
        date = str(doc["date"])
        self.lot_facts: dict[str, LotFacts] = {
            lid: derive_lot(x, self.farms[x["farm"]], date) for lid, x in self.lots.items()
        }
        self.overrides: dict[tuple[str, str], float] = {
            (d["lot"], d["request"]): float(d["km"]) for d in doc.get("distances") or []
        }

    def km(self, lot_id: str, request_id: str) -> float:
        """The override as is, else road_factor x great-circle km to the request's farm."""
        if (lot_id, request_id) in self.overrides:
            return self.overrides[(lot_id, request_id)]
        facts = self.lot_facts[lot_id]
        farm = self.farms[self.requests[request_id]["farm"]]
        crow = crow_km(facts.lat, facts.lon, float(farm["lat"]), float(farm["lon"]))
        return float(self.params["road_factor"]) * float(crow)

    def arc_problem(self, lot_id: str, request_id: str) -> str | None:
        """Why this delivery is not allowed, or None."""
        lot, request = self.lots[lot_id], self.requests[request_id]
        limit = distance_limit(self.params, lot, request)
        return arc_problem(
            lot,
            self.lot_facts[lot_id],
            request,
            self.farm_facts[request["farm"]],
            self.km(lot_id, request_id),
            limit,
        )


@dataclass(frozen=True)
class _Receivers:
    """Per-request vectors of the arc rules that depend only on the request and its farm."""

    ids: list[str]
    lat: np.ndarray  # degrees
    lon: np.ndarray
    farm: np.ndarray  # farm index
    limit: np.ndarray  # km, params and request limit (inf = none)
    open_to: dict[str, np.ndarray]  # kind -> request accepts it and its farm may receive
    nonorganic_ok: np.ndarray  # accept_nonorganic and the farm passes R5/R6.3/R9

    @classmethod
    def of(cls, book: RuleBook) -> _Receivers:
        requests = list(book.requests.values())
        farms = [book.farms[r["farm"]] for r in requests]
        facts = [book.farm_facts[r["farm"]] for r in requests]
        farm_index = {fid: i for i, fid in enumerate(book.farms)}
        receives = np.array([f.status in RECEIVING_STATUSES for f in facts], dtype=bool)
        kinds = {x["kind"] for x in book.lots.values()}
        return cls(
            ids=[r["id"] for r in requests],
            lat=np.array([float(f["lat"]) for f in farms]),
            lon=np.array([float(f["lon"]) for f in farms]),
            farm=np.array([farm_index[r["farm"]] for r in requests], dtype=np.int64),
            limit=np.array([distance_limit(book.params, {}, r) for r in requests]),
            open_to={
                k: receives & np.array([kind_accepted(k, r) for r in requests], dtype=bool)
                for k in kinds
            },
            nonorganic_ok=np.array(
                [
                    bool(r.get("accept_nonorganic")) and f.nonorganic_block is None
                    for r, f in zip(requests, facts, strict=True)
                ],
                dtype=bool,
            ),
        )


def crow_km(
    lat1: float | np.ndarray,
    lon1: float | np.ndarray,
    lat2: float | np.ndarray,
    lon2: float | np.ndarray,
) -> np.ndarray:
    """Great-circle km on a sphere of radius 6371.0 km between broadcastable degrees (the
    checker's own haversine, shared with nothing in the engine)."""
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(np.subtract(lon2, lon1))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _lot_row_km(book: RuleBook, facts: LotFacts, to: _Receivers) -> np.ndarray:
    """Great-circle km from one lot to all request farms, times the road factor."""
    return float(book.params["road_factor"]) * crow_km(facts.lat, facts.lon, to.lat, to.lon)


def _candidates(book: RuleBook, lot_id: str, to: _Receivers, farm_index: int) -> np.ndarray:
    """Requests this lot may reach by every rule but overrides, with a 1e-9 margin on km
    (the exact comparison is made again in scalar arithmetic)."""
    facts, lot = book.lot_facts[lot_id], book.lots[lot_id]
    lot_limit = distance_limit({}, lot, {})
    row = _lot_row_km(book, facts, to)
    mask = (row <= np.minimum(to.limit, lot_limit) * (1 + 1e-9)) & to.open_to[lot["kind"]]
    mask &= to.farm != farm_index
    if facts.nonorganic_animal:
        mask &= to.nonorganic_ok
    return np.flatnonzero(mask)


def legal_arcs(book: RuleBook) -> Iterator[Arc]:
    """Every allowed delivery, in lot order then request order of the document."""
    to = _Receivers.of(book)
    position = {r: j for j, r in enumerate(to.ids)}
    farm_index = {fid: i for i, fid in enumerate(book.farms)}
    overridden: dict[str, set[int]] = {}
    for lid, rid in book.overrides:
        overridden.setdefault(lid, set()).add(position[rid])
    for lot_id, facts in book.lot_facts.items():
        if facts.blocked or not to.ids:
            continue
        special = overridden.get(lot_id, set())
        near = set(_candidates(book, lot_id, to, farm_index[book.lots[lot_id]["farm"]]).tolist())
        for j in sorted(near | special):
            request = book.requests[to.ids[j]]
            km = book.km(lot_id, to.ids[j])
            if (
                book.arc_problem(lot_id, to.ids[j]) is None
                if j in special
                else km <= distance_limit(book.params, book.lots[lot_id], request)
            ):
                yield Arc(lot_id, to.ids[j], km)
