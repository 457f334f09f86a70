"""Candidate arcs: every legal lot → request delivery (INSTANCE.md, "The model"), vectorised.

An arc l→r exists only if l can be placed, l and r belong to different farms, r accepts l's
kind, km ≤ every set limit (inclusive), l's availability window and r's wanted window
overlap (inclusive days, open ends: available_from ≤ wanted_until and wanted_from ≤
available_until), the pair is not in `excluded_pairs` (a proposal the coordinator rejected
or a farm declined), and, for non-organic animal manure, r accepts it and r's farm passes
R5, R6.3 and R9. km is the override as is, else road_factor × the
great-circle distance (`matching.rules`, radius 6371.0 km) from the lot's location to the
request's farm.

The pairs are never all looked at, nor all held at once (`arc_chunks`): lots are cut into
small spatial blocks (latitude strips, then longitude runs), and each block is compared
only with the requests inside its bounding box widened by the longest reach any of its lots
or the requests can have (km ÷ road factor, as great-circle degrees). A pair outside that
box is farther than every limit, so the arcs are exactly those of the full lots × requests
comparison. Each chunk holds every arc of its lots, sorted by lot then request. The rules
other than distance are `matching.arc_rules`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from matching.arc_rules import Receivers, rule_mask
from matching.parallel import in_order
from matching.problem import Problem
from matching.rules import great_circle_km_array
from matching.rules.distance import EARTH_RADIUS_KM

BLOCK_CELLS = 2_000_000  # lots × requests evaluated at once (~16 MB per float matrix)
BLOCK_LOTS = 256  # lots per spatial block
STRIPS_PER_REACH = 4  # latitude strips per reach: thin strips keep the boxes small
BOX_MARGIN = 1e-9  # relative slack on the box so float rounding never drops a pair
ANGLE_MARGIN = 1e-6  # radians (~6 m) added to a limit's angle before the cheap prefilter


@dataclass(frozen=True)
class Arcs:
    """Parallel arrays, one entry per arc: lot index, request index, road km."""

    lot: np.ndarray
    req: np.ndarray
    km: np.ndarray

    def __len__(self) -> int:
        return int(self.lot.size)

    def take(self, which: np.ndarray) -> Arcs:
        return Arcs(self.lot[which], self.req[which], self.km[which])

    @classmethod
    def empty(cls) -> Arcs:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, np.zeros(0))

    @classmethod
    def concat(cls, parts: list[Arcs]) -> Arcs:
        if not parts:
            return cls.empty()
        return cls(
            np.concatenate([a.lot for a in parts]).astype(np.int64, copy=False),
            np.concatenate([a.req for a in parts]).astype(np.int64, copy=False),
            np.concatenate([a.km for a in parts]),
        )


def _block_arcs(p: Problem, lots: np.ndarray, reqs: np.ndarray, to: Receivers) -> Arcs:
    """Arcs of `lots` × `reqs` (request indices ascending), sorted by lot then request.

    The haversine is computed only for pairs that pass every other rule and a prefilter on
    the angle between the points: with unit vectors u, cos(angle) = u_l·u_r (one matrix
    product), and a pair is kept if cos(angle) ≥ cos(limit / (road factor·R) + 1e-6 rad),
    a margin far above the rounding of the product. The limit is the smaller of the lot's
    and the request's, so its cosine is the larger of theirs: no trigonometry per pair.
    """
    x, road = p.lots, p.params.road_factor
    u_lot, u_req = _unit(x.lat[lots], x.lon[lots]), _unit(to.lat[reqs], to.lon[reqs])
    wide = np.maximum(
        _cos_reach(x.max_km[lots], road)[:, None], _cos_reach(to.limit[reqs], road)[None, :]
    )
    near = (u_lot @ u_req.T) >= wide
    rows, cols = np.nonzero(rule_mask(p, lots, to, reqs) & near)
    lot, req = lots[rows], reqs[cols]
    km = road * great_circle_km_array(x.lat[lot], x.lon[lot], to.lat[req], to.lon[req])
    keep = km <= np.minimum(to.limit[req], x.max_km[lot])
    return Arcs(lot[keep], req[keep], km[keep])


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, one row (x, y, z) per (lat, lon) in degrees."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=1)


def _cos_reach(limit_km: np.ndarray, road: float) -> np.ndarray:
    """cos of the widest angle a limit allows (with the margin); −2 when it allows all."""
    if road <= 0:  # every distance is 0 km
        return np.full(limit_km.shape, -2.0)
    angle = limit_km / (road * EARTH_RADIUS_KM) + ANGLE_MARGIN
    bounded = angle < np.pi  # inf (no limit) included in the other side
    return np.where(bounded, np.cos(np.where(bounded, angle, 0.0)), -2.0)


@dataclass(frozen=True)
class _Overrides:
    """Clarification 6: an override is road km as is, still subject to limits and rules.
    The legal override arcs (lot, request, km), sorted by lot, and every overridden pair."""

    pairs: np.ndarray  # (k, 2) lot, request of every override
    legal: Arcs

    @classmethod
    def of(cls, p: Problem, to: Receivers) -> _Overrides:
        pairs = np.array(list(p.overrides), dtype=np.int64).reshape(-1, 2)
        km = np.array([p.overrides[(int(a), int(b))] for a, b in pairs], dtype=float)
        ok = np.array(
            [
                p.lots.blocked[a] is None and bool(rule_mask(p, np.array([a]), to)[0, b])
                for a, b in pairs.tolist()
            ],
            dtype=bool,
        )
        if pairs.size:
            ok &= km <= np.minimum(to.limit[pairs[:, 1]], p.lots.max_km[pairs[:, 0]])
        order = np.lexsort((pairs[:, 1], pairs[:, 0]))
        pairs, km, ok = pairs[order], km[order], ok[order]
        return cls(pairs, Arcs(pairs[ok, 0], pairs[ok, 1], km[ok]))

    def apply(self, arcs: Arcs, lots: np.ndarray, reqs: np.ndarray | None) -> Arcs:
        """The chunk of `lots` (× `reqs`, None: all) with every overridden pair at its
        override km (or gone)."""
        pairs = self.pairs[np.isin(self.pairs[:, 0], lots)]
        if not pairs.size:
            return arcs
        n_req = int(max(int(arcs.req.max(initial=0)), int(pairs[:, 1].max()))) + 1
        keep = np.ones(len(arcs), dtype=bool)
        touched = np.flatnonzero(np.isin(arcs.lot, pairs[:, 0]))
        key = arcs.lot[touched] * n_req + arcs.req[touched]
        keep[touched] = ~np.isin(key, pairs[:, 0] * n_req + pairs[:, 1])
        mine = np.isin(self.legal.lot, lots)
        if reqs is not None:
            mine &= np.isin(self.legal.req, reqs)
        extra = self.legal.take(mine)
        both = Arcs.concat([arcs.take(keep), extra])
        return both.take(np.lexsort((both.req, both.lot)))


def _reach_degrees(km: float, lat_max: float) -> tuple[float, float]:
    """(latitude, longitude) half-widths in degrees of a box that holds every point within
    great-circle distance `km` of a point at |latitude| ≤ `lat_max`° (inf: no bound).

    Latitude: a meridian is the shortest way to a latitude difference. Longitude: by the
    haversine, sin(d/2R) ≥ cos φ·sin(Δλ/2) when both |φ| ≤ lat_max.
    """
    if not math.isfinite(km):
        return math.inf, math.inf
    angle = km * (1 + BOX_MARGIN) / EARTH_RADIUS_KM + 1e-12
    if angle >= math.pi / 2:
        return math.inf, math.inf
    dlat = math.degrees(angle)
    cos_max = math.cos(math.radians(min(90.0, lat_max + dlat)))
    ratio = math.sin(angle / 2) / cos_max if cos_max > 0 else math.inf
    dlon = math.degrees(2 * math.asin(ratio)) if ratio < 1 else math.inf
    return dlat, dlon


@dataclass(frozen=True)
class _Grid:
    """Requests sorted by latitude, for picking those inside a box."""

    order: np.ndarray
    lat: np.ndarray
    lon: np.ndarray

    @classmethod
    def of(cls, lat: np.ndarray, lon: np.ndarray, reqs: np.ndarray) -> _Grid:
        order = reqs[np.argsort(lat[reqs], kind="stable")]
        return cls(order, lat[order], lon[order])

    def inside(self, lat: tuple[float, float], lon: tuple[float, float]) -> np.ndarray:
        """Request indices (ascending) with latitude and longitude in the closed ranges
        (no longitude filter when the range is unbounded or crosses ±180°)."""
        lo = int(np.searchsorted(self.lat, lat[0], side="left"))
        hi = int(np.searchsorted(self.lat, lat[1], side="right"))
        picked = np.arange(lo, hi)
        if lon[0] >= -180.0 and lon[1] <= 180.0:
            picked = picked[(self.lon[picked] >= lon[0]) & (self.lon[picked] <= lon[1])]
        return np.sort(self.order[picked])


def _lot_blocks(p: Problem, lots: np.ndarray, strip_deg: float) -> list[np.ndarray]:
    """Lots cut into spatially compact blocks of at most BLOCK_LOTS: latitude strips of
    `strip_deg`, each run along its longitude."""
    x = p.lots
    finite = math.isfinite(strip_deg) and strip_deg > 0
    strip = np.floor(x.lat[lots] / strip_deg).astype(np.int64) if finite else lots * 0
    order = np.lexsort((x.lon[lots], strip))
    runs = np.split(lots[order], np.flatnonzero(np.diff(strip[order])) + 1)
    return [np.sort(r[i : i + BLOCK_LOTS]) for r in runs for i in range(0, r.size, BLOCK_LOTS)]


def arc_chunks(
    p: Problem, lots: np.ndarray | None = None, reqs: np.ndarray | None = None
) -> Iterator[Arcs]:
    """Every legal arc of the placeable lots among `lots` into the requests among `reqs`
    (None: all), one spatial block of lots at a time (read on worker threads,
    `matching.parallel`): a chunk holds all those arcs of its lots (overrides applied),
    sorted by lot then request. Lots come in no particular order across chunks."""
    to = Receivers.of(p)
    placeable = np.array([b is None for b in p.lots.blocked], dtype=bool)
    if lots is not None:
        placeable &= np.isin(np.arange(placeable.size), lots)
    chosen = np.flatnonzero(placeable)
    subset = reqs
    reqs = np.arange(len(p.requests.ids)) if subset is None else np.unique(subset)
    if chosen.size == 0 or reqs.size == 0:
        return
    x, road = p.lots, p.params.road_factor
    reach_km = float(max(np.max(to.limit), 0.0)) / road if road > 0 else math.inf
    lat_max = float(np.max(np.abs(np.concatenate([x.lat[chosen], to.lat]))))
    grid = _Grid.of(to.lat, to.lon, reqs)
    strip = _reach_degrees(reach_km, lat_max)[0] / STRIPS_PER_REACH
    overrides = _Overrides.of(p, to)

    def parts() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for block in _lot_blocks(p, chosen, strip):
            lot_reach = float(np.max(x.max_km[block])) / road if road > 0 else math.inf
            dlat, dlon = _reach_degrees(min(reach_km, lot_reach), lat_max)
            lat, lon = x.lat[block], x.lon[block]
            near = grid.inside(
                (float(lat.min()) - dlat, float(lat.max()) + dlat),
                (float(lon.min()) - dlon, float(lon.max()) + dlon),
            )
            step = max(1, BLOCK_CELLS // max(1, near.size))
            for i in range(0, block.size, step):
                yield block[i : i + step], near

    def read(part: tuple[np.ndarray, np.ndarray]) -> Arcs:
        lots_of_part, near = part
        arcs = _block_arcs(p, lots_of_part, near, to) if near.size else Arcs.empty()
        return overrides.apply(arcs, lots_of_part, subset)

    yield from in_order(read, parts())


def candidate_arcs(p: Problem) -> Arcs:
    """All legal arcs, sorted by lot then request (small instances and tools: a national
    instance is read chunk by chunk with `arc_chunks`)."""
    chunks = list(arc_chunks(p))
    arcs = Arcs.concat(chunks)
    return arcs.take(np.lexsort((arcs.req, arcs.lot)))
