"""Which lot → request pairs may carry a delivery, distance apart: the arc rules as masks.

An arc l→r needs l and r on different farms, r accepting l's kind, r's farm receiving,
overlapping windows (inclusive days, open ends), the pair not in `excluded_pairs`, and, for
non-organic animal manure, r accepting it and r's farm passing R5, R6.3 and R9. Split from
`matching.arcs`, which enumerates the arcs block by block and adds the distance: the
explanations (`matching.explain_reach`) ask the same rules one lot or request at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.problem import Problem


@dataclass(frozen=True)
class Receivers:
    """What every request offers an arc regardless of the lot: where, how far, which gate,
    whether any lot or request has a window (`timed`) and any pair is excluded (`barred`);
    without one, that test is skipped."""

    lat: np.ndarray
    lon: np.ndarray
    limit: np.ndarray
    nonorganic_ok: np.ndarray
    timed: bool = False
    barred: bool = False

    @classmethod
    def of(cls, p: Problem) -> Receivers:
        f, r, x = p.farms, p.requests, p.lots
        gate_open = np.array([g is None for g in f.nonorganic_gate], dtype=bool)
        ends = (x.available_from, x.available_until, r.wanted_from, r.wanted_until)
        return cls(
            f.lat[r.farm],
            f.lon[r.farm],
            np.minimum(r.max_km, p.params.max_distance_km),
            r.accept_nonorganic & gate_open[r.farm] & f.receives[r.farm],
            any(bool(np.isfinite(end).any()) for end in ends),
            bool(p.excluded.size),
        )


def windows_overlap(p: Problem, lots: np.ndarray, reqs: np.ndarray | slice) -> np.ndarray:
    """(lots × reqs) bool: the lot's availability and the request's wanted window share a
    day (inclusive; both windows are non-empty, as validated)."""
    x, r = p.lots, p.requests
    starts_in_time = x.available_from[lots][:, None] <= r.wanted_until[reqs][None, :]
    return starts_in_time & (r.wanted_from[reqs][None, :] <= x.available_until[lots][:, None])


def excluded_cells(p: Problem, lots: np.ndarray, reqs: np.ndarray | slice) -> np.ndarray:
    """(lots × reqs) bool: the pair is in `excluded_pairs`. Only the excluded keys of lots
    in the block's index range are read (a slice of the sorted keys), and each is placed in
    the block by binary search on the sorted lots and requests: O(keys · log) per block."""
    n_req = len(p.requests.ids)
    cols = np.arange(n_req)[reqs]
    out = np.zeros((lots.size, cols.size), dtype=bool)
    if lots.size and cols.size and p.excluded.size:
        lo, hi = np.searchsorted(p.excluded, [lots.min() * n_req, (lots.max() + 1) * n_req])
        lot, req = np.divmod(p.excluded[lo:hi], n_req)
        (rows, on_row), (at, on_col) = _positions(lots, lot), _positions(cols, req)
        out[rows[on_row & on_col], at[on_row & on_col]] = True
    return out


def _positions(index: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(where each of `values` sits in `index` (unsorted, distinct), whether it is there)."""
    order = np.argsort(index, kind="stable")
    at = np.minimum(np.searchsorted(index[order], values), index.size - 1)
    return order[at], index[order][at] == values


def rule_mask(
    p: Problem, lots: np.ndarray, to: Receivers, reqs: np.ndarray | None = None
) -> np.ndarray:
    """Every arc rule except distance, for a block of placeable lots × the requests `reqs`
    (None: all, in index order)."""
    x, r = p.lots, p.requests
    cols: np.ndarray | slice = slice(None) if reqs is None else reqs
    mask = r.accepts[:, cols][x.kind[lots]] & (x.farm[lots][:, None] != r.farm[cols][None, :])
    mask &= p.farms.receives[r.farm[cols]][None, :]
    if to.timed:
        mask &= windows_overlap(p, lots, cols)
    if to.barred:
        mask &= ~excluded_cells(p, lots, cols)
    return mask & (~x.nonorganic_animal[lots][:, None] | to.nonorganic_ok[cols][None, :])
