"""Why a lot or request has no legal arc at all: the reasons read off the instance alone.

A lot or request without any arc says what kept every arc away: the lot's own block, no
request for its kind (a request that accepts no kind), distance, every partner in reach an
excluded pair, or the non-organic gate or the windows only where one alone keeps a partner
in reach away (for a request: where the gate alone keeps every lot in reach away). Split
from `matching.explain`, whose reasons are read off a solution: these need no solution, so
`matching.merge` asks them too when it joins the solutions of components.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matching.arc_rules import Receivers, excluded_cells, rule_mask, windows_overlap
from matching.problem import Problem
from matching.rules import great_circle_km_array

#: Reasons of a lot without any arc that depend on requests anywhere in the instance.
REACH_CODES = frozenset(
    {
        "no_request_for_kind",
        "no_receiver_in_reach",
        "nonorganic_refused",
        "no_request_in_window",
        "pair_declined",
    }
)

#: Reasons of a request without any arc that depend on lots anywhere in the instance.
SUPPLY_CODES = frozenset(
    {"no_supply_in_reach", "no_supply_in_window", "supply_declined", "supply_nonorganic_refused"}
)


def lot_without_arcs(p: Problem, i: int, to: Receivers | None = None) -> str:
    """Why lot i has no legal arc: blocked, no request for its kind, or distance; every
    taker in reach an excluded pair; else, among the others, the non-organic gate (R5, R6.3,
    R9, `accept_nonorganic`) or the windows only where one alone keeps a request in reach
    away (the gate first), so neither is named for a lot that distance keeps from every
    taker."""
    if p.lots.blocked[i] is not None:
        return str(p.lots.blocked[i])
    to = Receivers.of(p) if to is None else to
    x, r = p.lots, p.requests
    takes = r.accepts[x.kind[i]] & (r.farm != x.farm[i]) & p.farms.receives[r.farm]
    if not takes.any():
        return "no_request_for_kind"
    near = takes & _in_reach(p, i, to)
    barred = excluded_cells(p, np.array([i]), slice(None))[0]
    if near.any() and not (near & ~barred).any():
        return "pair_declined"
    near &= ~barred
    gated = near & ~rule_mask(p, np.array([i]), replace(to, timed=False, barred=False))[0]
    closed = near & ~windows_overlap(p, np.array([i]), slice(None))[0]
    if (closed & ~gated).any() and not (gated & ~closed).any():
        return "no_request_in_window"
    return "nonorganic_refused" if gated.any() else "no_receiver_in_reach"


def _in_reach(p: Problem, i: int, to: Receivers) -> np.ndarray:
    """Per request: within every distance limit of lot i (km as `matching.arcs` counts)."""
    x = p.lots
    km = p.params.road_factor * great_circle_km_array(x.lat[i], x.lon[i], to.lat, to.lon)
    for (lot, req), road_km in p.overrides.items():
        if lot == i:
            km[req] = road_km
    return np.asarray(km <= np.minimum(to.limit, x.max_km[i]))


def request_without_arcs(p: Problem, j: int, to: Receivers) -> str:
    """Why request j has no legal arc: it accepts no kind; the lots in reach are all
    non-organic animal manure that the request or its farm may not take (R5, R6.3, R9,
    `accept_nonorganic`; only checked when the gate is shut for it); every lot that would
    otherwise reach it is an excluded pair; the windows alone keep the others away (only
    checked when there are windows or excluded pairs); or nothing is in reach."""
    if p.doc["requests"][j].get("kinds") == []:
        return "accepts_no_kind"
    gated = not to.nonorganic_ok[j] and bool(p.lots.nonorganic_animal.any())
    if not (to.timed or to.barred or gated):
        return "no_supply_in_reach"
    x, req = p.lots, np.array([j])
    lots = np.flatnonzero(np.array([b is None for b in x.blocked], dtype=bool))
    km = p.params.road_factor * great_circle_km_array(
        x.lat[lots], x.lon[lots], to.lat[j], to.lon[j]
    )
    for (lot, r), road_km in p.overrides.items():
        if r == j:
            km[lots == lot] = road_km
    near = km <= np.minimum(to.limit[j], x.max_km[lots])
    plain = replace(to, timed=False, barred=False)
    ruled = rule_mask(p, lots[near], plain, req)[:, 0]
    if gated and not ruled.any():
        open_gate = replace(plain, nonorganic_ok=np.ones_like(to.nonorganic_ok))
        if rule_mask(p, lots[near], open_gate, req)[:, 0].any():
            return "supply_nonorganic_refused"
    free = ruled & ~excluded_cells(p, lots[near], req)[:, 0]
    if ruled.any() and not free.any():
        return "supply_declined"
    return "no_supply_in_window" if free.any() and to.timed else "no_supply_in_reach"
