"""Why a lot was left or a request unmet, in one plain sentence, computed from the solution.

A reason is a what-if the solution itself supports: with every other lot's (or request's)
deliveries as proposed, relaxing the named rule would let more of this lot be placed (this
request be met). Only arcs that pay count (profit > 0 per tonne: N value plus the lot's
outlet saving less the least transport per tonne); a lot or request without one is "not
worth transport" (a lot with an outlet saving: not even with it), whatever else holds. On a
paying arc, what keeps it from carrying more is read off the solution's totals: the request
met (or the lot used up), the receiving farm's N room, phosphate room or A-share (R8), the
R5 export/import rule where the farm actually exports organic (imports non-organic) manure,
a minimum delivery larger than what the arc could still carry. The reason given is that of
the best-paying arc held back by exactly one rule (relaxing it alone places more); when
every paying arc is held by several at once, the first of its rules in `LOT_BLOCKS` /
`REQUEST_BLOCKS`; a paying arc that nothing holds back (the solver stopped within its gap)
gives "better used elsewhere". A lot or request without any legal arc says what kept
every arc away (`matching.explain_reach`).
`tests/matching/test_explain_whatif.py` re-solves each what-if with the engine. Codes are
message ids the web app translates; `MESSAGES` holds the English sentences the solution
carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from matching.arc_rules import Receivers
from matching.explain_reach import lot_without_arcs, request_without_arcs
from matching.per_group import best_per_group
from matching.problem import Problem

if TYPE_CHECKING:  # annotations only, so `matching.merge` loads no model code
    from matching.structure import ArcData

MESSAGES: dict[str, str] = {
    "placed": "Fully placed.",
    "met": "Fully met.",
    "category_c": "Category C fertiliser may not be used on organic farms.",
    "intermediary_not_approved": "The intermediary is not approved by Skal.",
    "intermediary_expired": "The intermediary's Skal declaration has expired.",
    "r5_imported_nonorganic": "The farm imported non-organic manure this year, so it may "
    "not export organic manure (R5).",
    "no_request_for_kind": "No other farm's request accepts this kind of fertiliser.",
    "nonorganic_refused": "The requests that take this kind do not accept non-organic "
    "manure, or their farms may not take it (R5, R6, R9).",
    "no_receiver_in_reach": "No request that accepts it is within the distance limits.",
    "no_request_in_window": "No receiver within reach wants it while it is available.",
    "accepts_no_kind": "The request accepts no kind of fertiliser.",
    "no_supply_in_reach": "No lot of an accepted kind is on offer within the distance limits.",
    "no_supply_in_window": "No lot within reach is available while the request wants it.",
    "supply_nonorganic_refused": "The lots within reach are non-organic manure, which this "
    "request does not accept or its farm may not take (R5, R6, R9).",
    "r5_farm_imports": "The farm imports non-organic manure instead, so it may not export "
    "organic manure (R5).",
    "r5_farm_exports": "The farm exports organic manure, so it may not import non-organic "
    "manure (R5).",
    "not_worth_transport": "Transport would cost more than the nitrogen is worth.",
    "not_worth_transport_with_outlet": "Transport would cost more than the nitrogen is worth "
    "plus what the supplier saves on its other outlet.",
    "requests_met": "The requests within reach are already met.",
    "n_room_full": "The nitrogen room for animal manure (170 kg N/ha, less on natural "
    "land) is full at the receiving farm.",
    "p2o5_room_full": "The phosphate room is full at the receiving farm.",
    "a_share": "More of it would push the receiving farm below the required A-share (R8).",
    "supply_exhausted": "The lots within reach are fully placed.",
    "min_delivery": "What is left is below the minimum delivery.",
    "better_used_elsewhere": "Other matches make better use of the nitrogen and transport.",
    "pair_declined": "The only receivers within reach declined it or the coordinator rejected it.",
    "supply_declined": "The only lots within reach were declined or the coordinator rejected them.",
}

#: What can hold a paying arc back, in the order a reason is named when several hold at once.
LOT_BLOCKS = (
    "r5_farm_imports",
    "requests_met",
    "n_room_full",
    "p2o5_room_full",
    "a_share",
    "r5_farm_exports",
    "min_delivery",
)
REQUEST_BLOCKS = (
    "r5_farm_exports",
    "n_room_full",
    "p2o5_room_full",
    "a_share",
    "supply_exhausted",
    "r5_farm_imports",
    "min_delivery",
)
LEFT_TOL_T = 1e-6
#: Relative slack (and kg or t, absolute) under which a row counts as full: above the
#: solvers' feasibility tolerance (1e-7), far below anything a farmer would call room.
FULL_TOL = 1e-6


def _full(used: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """used has reached a finite limit (within float noise)."""
    finite = np.isfinite(limit)
    tol = FULL_TOL * np.maximum(1.0, np.abs(np.where(finite, limit, 0.0)))
    return finite & (used >= np.where(finite, limit, 0.0) - tol)


@dataclass(frozen=True)
class State:
    """Totals of a solution per lot, request and farm, over the legal arcs (`tonnes`).

    `exports`/`imports` are the R5 decisions; `sends_organic`/`takes_nonorganic` whether the
    farm actually sends organic manure / receives non-organic animal manure (t > 1e-6): the
    R5 rule holds a delivery back only then."""

    tonnes: np.ndarray
    placed_t: np.ndarray
    met_n_kg: np.ndarray
    animal_in: np.ndarray
    p2o5_in: np.ndarray
    a_slope_in: np.ndarray
    a_terms_in: np.ndarray  # Σ |A-slope|·t per farm: the scale of a_slope_in
    exports: np.ndarray  # R5 farm chose exports
    imports: np.ndarray  # R5 farm chose imports
    sends_organic: np.ndarray
    takes_nonorganic: np.ndarray

    @classmethod
    def of(cls, p: Problem, data: ArcData, tonnes: np.ndarray, sides: dict[int, bool]) -> State:
        nf = len(p.farms.ids)
        exports, imports = np.zeros(nf, dtype=bool), np.zeros(nf, dtype=bool)
        for g, out in sides.items():
            (exports if out else imports)[g] = True
        lot = data.arcs.lot

        def per(index: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
            return np.bincount(index, weights=weights * tonnes, minlength=n)

        used = tonnes > LEFT_TOL_T
        return cls(
            tonnes,
            per(lot, np.ones(len(data)), len(p.lots.ids)),
            per(data.arcs.req, data.n, len(p.requests.ids)),
            per(data.farm, data.animal_n, nf),
            per(data.farm, data.p2o5, nf),
            per(data.farm, data.a_slope, nf),
            per(data.farm, np.abs(data.a_slope), nf),
            exports,
            imports,
            np.bincount(p.lots.farm[lot], weights=used & p.lots.organic_manure[lot], minlength=nf)
            > 0,
            np.bincount(data.farm, weights=used & p.lots.nonorganic_animal[lot], minlength=nf) > 0,
        )


def _blocks(p: Problem, data: ArcData, s: State) -> dict[str, np.ndarray]:
    """Per arc, each rule that keeps it from carrying more while everything else stays."""
    f, farm, lot = p.farms, data.farm, data.arcs.lot
    a_rhs = np.minimum(0.0, f.d0) - f.d0
    a_slack = s.a_slope_in - a_rhs
    # The slack is a difference of what comes in: noise scales with those terms (CBC hands
    # back 8 digits), not with the right-hand side, which is often 0.
    a_scale = np.abs(a_rhs) + s.a_terms_in
    a_tight = a_slack <= FULL_TOL * np.maximum(1.0, a_scale)
    a_slack = np.where(a_tight, 0.0, a_slack)
    return {
        "requests_met": _full(s.met_n_kg, p.requests.n_kg)[data.arcs.req],
        "supply_exhausted": _full(s.placed_t, p.lots.tonnes)[lot],
        "n_room_full": (data.animal_n > 0) & _full(s.animal_in, f.room_left_kg)[farm],
        "p2o5_room_full": (data.p2o5 > 0) & _full(s.p2o5_in, f.p2o5_room_kg)[farm],
        "a_share": (data.a_slope < 0) & a_tight[farm],
        "r5_farm_exports": p.lots.nonorganic_animal[lot] & s.sends_organic[farm],
        "r5_farm_imports": p.lots.organic_manure[lot] & s.takes_nonorganic[p.lots.farm[lot]],
        "min_delivery": _min_delivery(p, data, s, a_slack),
    }


def _min_delivery(p: Problem, data: ArcData, s: State, a_slack: np.ndarray) -> np.ndarray:
    """Unused arcs whose minimum delivery is more than the room left on them (none without
    a minimum delivery: its room is never below 0)."""
    unused = (s.tonnes <= LEFT_TOL_T) & (data.min_t > LEFT_TOL_T)
    if not unused.any():
        return unused
    return unused & (data.min_t > _room_on_arc(p, data, s, a_slack) + LEFT_TOL_T)


def _room_on_arc(p: Problem, data: ArcData, s: State, a_slack: np.ndarray) -> np.ndarray:
    """Tonnes an unused arc could carry with every other flow kept, counting only the limits
    that still have room (the lot's and the request's rest, the farm's N room, phosphate
    room and A-share slack): a full one is a reason of its own, and the minimum delivery
    binds as well only if it would still hold the arc back once that one is relaxed."""
    f, farm = p.farms, data.farm

    def per_tonne(left: np.ndarray, use: np.ndarray) -> np.ndarray:
        return np.divide(left, use, out=np.full(len(data), np.inf), where=use > 0)

    room = np.stack(
        [
            (p.lots.tonnes - s.placed_t)[data.arcs.lot],
            per_tonne((p.requests.n_kg - s.met_n_kg)[data.arcs.req], data.n),
            per_tonne((f.room_left_kg - s.animal_in)[farm], data.animal_n),
            per_tonne((f.p2o5_room_kg - s.p2o5_in)[farm], data.p2o5),
            per_tonne(a_slack[farm], -data.a_slope),
        ]
    )
    return np.where(room > LEFT_TOL_T, room, np.inf).min(axis=0)


def _deciding(
    owner: np.ndarray, n_owner: int, data: ArcData, s: State, p: Problem, order: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per owner (lot or request, by position) its deciding arc, −1 for none: the best of
    its paying arcs, of those held back by one rule alone, by profit, the first in `data`'s
    order on ties (`data` sorted by lot and request); and per arc the rules of `order` that
    hold it (rules × arcs) and how many do."""
    blocks = _blocks(p, data, s)
    held = np.stack([blocks[name] for name in order])  # rules × arcs
    count = held.sum(axis=0)
    tier = np.select([count == 1, count > 1], [0, 1], 2)
    # Per owner: paying arcs first, then single-rule arcs, then the best-paying, without
    # sorting the arcs.
    rank = (data.profit > 0).astype(np.int64) * 3 + (2 - tier)
    best_rank = np.full(n_owner, -1, dtype=np.int64)
    np.maximum.at(best_rank, owner, rank)
    top = np.flatnonzero(rank == best_rank[owner])
    pick = top[best_per_group(owner[top], data.profit[top])] if top.size else top
    first = np.full(n_owner, -1, dtype=np.int64)
    first[owner[pick]] = pick
    return first, held, count


def deciding_arcs(p: Problem, data: ArcData, s: State) -> np.ndarray:
    """Positions (ascending) in `data` of every lot's and request's deciding arc. The
    reasons read off any arcs sorted by lot and request that hold these of each part of a
    partition of the legal arcs (each part sorted the same way) are those read off all of
    them: an owner's deciding arc over the union is the deciding arc of one part (the same
    rank and profit, arc by arc; on ties the first by lot, then request). So the engine
    keeps a few arcs per lot and request of each chunk it reads (`matching.engine`), never
    every arc of the lots and requests a plan leaves open."""
    lots = _deciding(data.arcs.lot, len(p.lots.ids), data, s, p, LOT_BLOCKS)[0]
    requests = _deciding(data.arcs.req, len(p.requests.ids), data, s, p, REQUEST_BLOCKS)[0]
    return np.union1d(lots[lots >= 0], requests[requests >= 0])


def _reasons(
    owner: np.ndarray, n_owner: int, data: ArcData, s: State, p: Problem, order: tuple[str, ...]
) -> list[str]:
    """Per owner (lot or request, by position) the reason its paying arcs carry no more
    (module docstring); "" for an owner without a legal arc."""
    first, held, count = _deciding(owner, n_owner, data, s, p, order)
    out = []
    for j in first.tolist():
        if j < 0:
            out.append("")
        elif not data.profit[j] > 0:
            out.append("not_worth_transport")
        elif count[j] == 0:
            out.append("better_used_elsewhere")
        else:
            out.append(order[int(held[:, j].argmax())])
    return out


def lot_reasons(
    p: Problem, data: ArcData, s: State, unsolved: np.ndarray | None = None
) -> list[str | None]:
    """One code per lot; None for a lot with arcs in a component without a feasible solution
    (`unsolved`, by position): a reason read off a solution nobody found would be false."""
    why = _reasons(data.arcs.lot, len(p.lots.ids), data, s, p, LOT_BLOCKS)
    to, out = Receivers.of(p), list[str | None]()
    for i, tonnes in enumerate(p.lots.tonnes.tolist()):
        if not why[i]:
            out.append("placed" if tonnes <= LEFT_TOL_T else lot_without_arcs(p, i, to))
        elif unsolved is not None and unsolved[i]:
            out.append(None)
        elif tonnes - s.placed_t[i] <= LEFT_TOL_T:
            out.append("placed")
        elif why[i] == "not_worth_transport" and p.lots.outlet_eur_per_t[i] > 0:
            out.append("not_worth_transport_with_outlet")
        else:
            out.append(why[i])
    return out


def request_reasons(
    p: Problem, data: ArcData, s: State, unsolved: np.ndarray | None = None
) -> list[str | None]:
    """One code per request; None as in `lot_reasons` for requests of unsolved components."""
    why = _reasons(data.arcs.req, len(p.requests.ids), data, s, p, REQUEST_BLOCKS)
    to, out = Receivers.of(p), list[str | None]()
    for j, need in enumerate(p.requests.n_kg.tolist()):
        if not why[j]:
            out.append("met" if need <= 1e-6 * max(1.0, need) else request_without_arcs(p, j, to))
        elif unsolved is not None and unsolved[j]:
            out.append(None)
        elif need - s.met_n_kg[j] <= 1e-6 * max(1.0, need):
            out.append("met")
        else:
            out.append(why[j])
    return out
