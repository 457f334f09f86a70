"""Candidate arcs: every legal lot → request delivery (INSTANCE.md, "The model"), vectorised.

An arc l→r exists only if l can be placed, l and r belong to different farms, r accepts l's
kind, km ≤ every set limit (inclusive), and, for non-organic animal manure, r accepts it
and r's farm passes R5, R6.3 and R9. km is the override as is, else road_factor × the
great-circle distance (`matching.rules`, radius 6371.0 km) from the lot's location to the
request's farm. Lots are processed in blocks so a national instance never holds a full
lots × requests matrix in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.problem import Problem
from matching.rules import great_circle_km_array

BLOCK_CELLS = 2_000_000  # lots × requests evaluated at once (~16 MB per float matrix)


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


@dataclass(frozen=True)
class Receivers:
    """What every request offers an arc regardless of the lot: where, how far, which gate."""

    lat: np.ndarray
    lon: np.ndarray
    limit: np.ndarray
    nonorganic_ok: np.ndarray

    @classmethod
    def of(cls, p: Problem) -> Receivers:
        f, r = p.farms, p.requests
        gate_open = np.array([g is None for g in f.nonorganic_gate], dtype=bool)
        return cls(
            f.lat[r.farm],
            f.lon[r.farm],
            np.minimum(r.max_km, p.params.max_distance_km),
            r.accept_nonorganic & gate_open[r.farm] & f.receives[r.farm],
        )


def rule_mask(p: Problem, lots: np.ndarray, to: Receivers) -> np.ndarray:
    """Every arc rule except distance, for a block of placeable lots × all requests."""
    x, r = p.lots, p.requests
    mask = r.accepts[x.kind[lots]] & (x.farm[lots][:, None] != r.farm[None, :])
    mask &= p.farms.receives[r.farm][None, :]
    return mask & (~x.nonorganic_animal[lots][:, None] | to.nonorganic_ok[None, :])


def _block_arcs(p: Problem, lots: np.ndarray, to: Receivers) -> Arcs:
    x = p.lots
    km = p.params.road_factor * great_circle_km_array(
        x.lat[lots][:, None], x.lon[lots][:, None], to.lat[None, :], to.lon[None, :]
    )
    mask = rule_mask(p, lots, to) & (km <= np.minimum(to.limit[None, :], x.max_km[lots][:, None]))
    rows, cols = np.nonzero(mask)
    return Arcs(lots[rows], cols.astype(np.int64), km[rows, cols])


def _with_overrides(p: Problem, arcs: Arcs, to: Receivers) -> Arcs:
    """Clarification 6: an override is road km as is, still subject to limits and rules."""
    if not p.overrides:
        return arcs
    n_req = len(p.requests.ids)
    pairs = np.array(list(p.overrides), dtype=np.int64).reshape(-1, 2)
    keep = ~np.isin(arcs.lot * n_req + arcs.req, pairs[:, 0] * n_req + pairs[:, 1])
    placeable = np.array([p.lots.blocked[i] is None for i in pairs[:, 0]], dtype=bool)
    pairs = pairs[placeable]
    km = np.array([p.overrides[(int(a), int(b))] for a, b in pairs], dtype=float)
    ok = np.array(
        [rule_mask(p, pairs[i : i + 1, 0], to)[0, pairs[i, 1]] for i in range(len(pairs))],
        dtype=bool,
    )
    limit = np.minimum(to.limit[pairs[:, 1]], p.lots.max_km[pairs[:, 0]]) if len(pairs) else km
    ok &= km <= limit
    extra = Arcs(pairs[ok, 0], pairs[ok, 1], km[ok])
    kept = arcs.take(keep)
    return Arcs(
        np.concatenate([kept.lot, extra.lot]),
        np.concatenate([kept.req, extra.req]),
        np.concatenate([kept.km, extra.km]),
    )


def candidate_arcs(p: Problem) -> Arcs:
    """All legal arcs, sorted by lot then request."""
    to = Receivers.of(p)
    placeable = np.array([b is None for b in p.lots.blocked], dtype=bool)
    lots = np.flatnonzero(placeable)
    n_req = max(1, len(p.requests.ids))
    step = max(1, BLOCK_CELLS // n_req)
    blocks = [_block_arcs(p, lots[i : i + step], to) for i in range(0, lots.size, step)]
    empty = np.zeros(0, dtype=np.int64)
    arcs = Arcs(
        np.concatenate([b.lot for b in blocks] or [empty]),
        np.concatenate([b.req for b in blocks] or [empty]),
        np.concatenate([b.km for b in blocks] or [np.zeros(0)]),
    )
    arcs = _with_overrides(p, arcs, to)
    return arcs.take(np.lexsort((arcs.req, arcs.lot)))
