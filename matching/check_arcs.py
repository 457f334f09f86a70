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
    excluded_pairs,
    exclusion_problem,
    kind_accepted,
)

EARTH_RADIUS_KM = 6371.0
#: Open window ends as text that sorts before / after every `YYYY-MM-DD` date.
OPEN_FROM, OPEN_UNTIL = "", "~"


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
        self.excluded = excluded_pairs(doc)

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
        if (lot_id, request_id) in self.excluded:
            return exclusion_problem(self.excluded[(lot_id, request_id)])
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
    wanted_from: np.ndarray  # ISO date text, OPEN_FROM when open
    wanted_until: np.ndarray  # ISO date text, OPEN_UNTIL when open

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
            wanted_from=_dates(requests, "wanted_from", OPEN_FROM),
            wanted_until=_dates(requests, "wanted_until", OPEN_UNTIL),
        )


def _dates(items: list[Mapping[str, Any]], name: str, open_end: str) -> np.ndarray:
    """The ISO date text `name` of each item (`open_end` when missing), for comparison as
    text (validated `YYYY-MM-DD`)."""
    return np.array([item.get(name) or open_end for item in items], dtype=str)


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


def _candidates(
    book: RuleBook, lot_id: str, to: _Receivers, farm_index: int
) -> tuple[np.ndarray, np.ndarray]:
    """(requests this lot may reach by every rule but overrides, windows included, with a
    1e-9 margin on km; the road km to every request). The exact comparison is made again on
    each candidate's km."""
    facts, lot = book.lot_facts[lot_id], book.lots[lot_id]
    lot_limit = distance_limit({}, lot, {})
    row = _lot_row_km(book, facts, to)
    mask = (row <= np.minimum(to.limit, lot_limit) * (1 + 1e-9)) & to.open_to[lot["kind"]]
    mask &= to.farm != farm_index
    if facts.nonorganic_animal:
        mask &= to.nonorganic_ok
    mask &= to.wanted_until >= (lot.get("available_from") or OPEN_FROM)
    mask &= to.wanted_from <= (lot.get("available_until") or OPEN_UNTIL)
    return np.flatnonzero(mask), row


def legal_arcs(book: RuleBook) -> Iterator[Arc]:
    """Every allowed delivery (no excluded pair), in lot order then request order of the
    document. km is the override, else the lot's row of great-circle km × road factor
    (`RuleBook.km`'s formula, computed once per lot)."""
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
        near, row = _candidates(book, lot_id, to, farm_index[book.lots[lot_id]["farm"]])
        for j in sorted(set(near.tolist()) | special):
            request_id = to.ids[j]
            if (lot_id, request_id) in book.excluded:
                continue
            if j in special:
                if book.arc_problem(lot_id, request_id) is None:
                    yield Arc(lot_id, request_id, book.km(lot_id, request_id))
            elif row[j] <= distance_limit(
                book.params, book.lots[lot_id], book.requests[request_id]
            ):
                yield Arc(lot_id, request_id, float(row[j]))
