"""Why a lot was left or a request unmet, in one plain sentence, computed from the solution.

Every legal arc of a lot (or into a request) gets the reason it carries no more: the
farm's R5 side, transport dearer than the N is worth, the request met, the receiving
farm's N room, phosphate room or A-share binding, the lot used up, a minimum delivery
too large for what is left, or else other matches being better. A lot's reason is the most
common one over its arcs (ties go to the earlier reason in `LOT_REASONS`); a lot or
request without any legal arc says what kept every arc away. Codes are message ids the
web app translates; `MESSAGES` holds the English sentences the solution carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from matching.arcs import Receivers, rule_mask
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
    "no_request_for_kind": "No request accepts this kind of fertiliser.",
    "nonorganic_refused": "The requests that take this kind do not accept non-organic "
    "manure, or their farms may not take it (R5, R6, R9).",
    "no_receiver_in_reach": "No request that accepts it is within the distance limits.",
    "accepts_no_kind": "The request accepts no kind of fertiliser.",
    "no_supply_in_reach": "No lot of an accepted kind is on offer within the distance limits.",
    "r5_farm_imports": "The farm imports non-organic manure instead, so it may not export "
    "organic manure (R5).",
    "r5_farm_exports": "The farm exports organic manure, so it may not import non-organic "
    "manure (R5).",
    "not_worth_transport": "Transport would cost more than the nitrogen is worth.",
    "requests_met": "The requests within reach are already met.",
    "n_room_full": "The nitrogen room for animal manure (170 kg N/ha, less on natural "
    "land) is full at the receiving farm.",
    "p2o5_room_full": "The phosphate room is full at the receiving farm.",
    "a_share": "More of it would push the receiving farm below the required A-share (R8).",
    "supply_exhausted": "The lots within reach are fully placed.",
    "min_delivery": "What is left is below the minimum delivery.",
    "better_used_elsewhere": "Other matches make better use of the nitrogen and transport.",
}

LOT_REASONS = (
    "r5_farm_imports",
    "not_worth_transport",
    "requests_met",
    "n_room_full",
    "p2o5_room_full",
    "a_share",
    "r5_farm_exports",
    "min_delivery",
    "better_used_elsewhere",
)
REQUEST_REASONS = (
    "r5_farm_exports",
    "not_worth_transport",
    "n_room_full",
    "p2o5_room_full",
    "a_share",
    "supply_exhausted",
    "r5_farm_imports",
    "min_delivery",
    "better_used_elsewhere",
)
LEFT_TOL_T = 1e-6


def _full(used: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """used has reached a finite limit (within float noise)."""
    finite = np.isfinite(limit)
    tol = 1e-6 * np.maximum(1.0, np.abs(np.where(finite, limit, 0.0)))
    return finite & (used >= np.where(finite, limit, 0.0) - tol)


@dataclass(frozen=True)
class State:
    """Totals of a solution per lot, request and farm, over the legal arcs."""

    placed_t: np.ndarray
    met_n_kg: np.ndarray
    animal_in: np.ndarray
    p2o5_in: np.ndarray
    a_slope_in: np.ndarray
    exports: np.ndarray  # R5 farm chose exports
    imports: np.ndarray  # R5 farm chose imports

    @classmethod
    def of(cls, p: Problem, data: ArcData, tonnes: np.ndarray, sides: dict[int, bool]) -> State:
        nf = len(p.farms.ids)
        exports, imports = np.zeros(nf, dtype=bool), np.zeros(nf, dtype=bool)
        for g, out in sides.items():
            (exports if out else imports)[g] = True

        def per(index: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
            return np.bincount(index, weights=weights * tonnes, minlength=n)

        return cls(
            per(data.arcs.lot, np.ones(len(data)), len(p.lots.ids)),
            per(data.arcs.req, data.n, len(p.requests.ids)),
            per(data.farm, data.animal_n, nf),
            per(data.farm, data.p2o5, nf),
            per(data.farm, data.a_slope, nf),
            exports,
            imports,
        )


def _common_blocks(p: Problem, data: ArcData, s: State) -> dict[str, np.ndarray]:
    """Per-arc flags of the reasons both sides share."""
    f, farm = p.farms, data.farm
    a_rhs = np.minimum(0.0, f.d0) - f.d0
    nonorg = p.lots.nonorganic_animal[data.arcs.lot]
    organic = p.lots.organic_manure[data.arcs.lot]
    return {
        "not_worth_transport": data.profit <= 0,
        "n_room_full": (data.animal_n > 0) & _full(s.animal_in, f.room_left_kg)[farm],
        "p2o5_room_full": (data.p2o5 > 0) & _full(s.p2o5_in, f.p2o5_room_kg)[farm],
        "a_share": (data.a_slope < 0) & (s.a_slope_in <= a_rhs + 1e-6)[farm],
        "r5_farm_exports": nonorg & s.exports[farm],
        "r5_farm_imports": organic & s.imports[p.lots.farm[data.arcs.lot]],
        "requests_met": _full(s.met_n_kg, p.requests.n_kg)[data.arcs.req],
        "supply_exhausted": _full(s.placed_t, p.lots.tonnes)[data.arcs.lot],
        "min_delivery": data.min_t > _room_on_arc(p, data, s) + LEFT_TOL_T,
    }


def _room_on_arc(p: Problem, data: ArcData, s: State) -> np.ndarray:
    """Tonnes an arc could still carry: the lot's rest, the request's rest, its capacity."""
    lot_left = (p.lots.tonnes - s.placed_t)[data.arcs.lot]
    need = (p.requests.n_kg - s.met_n_kg)[data.arcs.req]
    by_need = np.divide(need, data.n, out=np.full(len(data), np.inf), where=data.n > 0)
    return np.minimum.reduce([lot_left, by_need, data.ub])


def _arc_codes(blocks: dict[str, np.ndarray], order: tuple[str, ...], n: int) -> np.ndarray:
    """Index into `order` of the first reason that holds for each arc."""
    codes = np.full(n, len(order) - 1, dtype=np.int64)
    for k in range(len(order) - 2, -1, -1):
        codes[blocks[order[k]]] = k
    return codes


def _mode(owner: np.ndarray, codes: np.ndarray, n_owner: int, n_codes: int) -> np.ndarray:
    """Most common code per owner (ties: lowest code); −1 for owners without arcs."""
    counts = np.zeros((n_owner, n_codes), dtype=np.int64)
    np.add.at(counts, (owner, codes), 1)
    best = counts.argmax(axis=1)
    best[counts.sum(axis=1) == 0] = -1
    return best


#: Reasons of a lot without any arc that depend on requests anywhere in the instance.
REACH_CODES = frozenset({"no_request_for_kind", "no_receiver_in_reach", "nonorganic_refused"})


def lot_without_arcs(p: Problem, i: int, to: Receivers | None = None) -> str:
    """Why lot i has no legal arc: blocked, no request for its kind, the non-organic gate,
    or distance."""
    if p.lots.blocked[i] is not None:
        return str(p.lots.blocked[i])
    to = Receivers.of(p) if to is None else to
    base = rule_mask(p, np.array([i]), to)[0]
    x, r = p.lots, p.requests
    takes = r.accepts[x.kind[i]] & (r.farm != x.farm[i]) & p.farms.receives[r.farm]
    if not takes.any():
        return "no_request_for_kind"
    return "no_receiver_in_reach" if base.any() else "nonorganic_refused"


def lot_reasons(
    p: Problem, data: ArcData, s: State, unsolved: np.ndarray | None = None
) -> list[str | None]:
    """One code per lot; None for a lot with arcs in a component without a feasible solution
    (`unsolved`, by position): a reason read off a solution nobody found would be false."""
    codes = _arc_codes(_common_blocks(p, data, s), LOT_REASONS, len(data))
    mode = _mode(data.arcs.lot, codes, len(p.lots.ids), len(LOT_REASONS))
    to, out = Receivers.of(p), list[str | None]()
    for i, tonnes in enumerate(p.lots.tonnes.tolist()):
        if mode[i] < 0:
            out.append("placed" if tonnes <= LEFT_TOL_T else lot_without_arcs(p, i, to))
        elif unsolved is not None and unsolved[i]:
            out.append(None)
        elif tonnes - s.placed_t[i] <= LEFT_TOL_T:
            out.append("placed")
        else:
            out.append(LOT_REASONS[mode[i]])
    return out


def request_reasons(
    p: Problem, data: ArcData, s: State, unsolved: np.ndarray | None = None
) -> list[str | None]:
    """One code per request; None as in `lot_reasons` for requests of unsolved components."""
    codes = _arc_codes(_common_blocks(p, data, s), REQUEST_REASONS, len(data))
    mode = _mode(data.arcs.req, codes, len(p.requests.ids), len(REQUEST_REASONS))
    out = list[str | None]()
    for j, need in enumerate(p.requests.n_kg.tolist()):
        if mode[j] < 0:
            out.append("met" if need <= 1e-6 * max(1.0, need) else _without_supply(p, j))
        elif unsolved is not None and unsolved[j]:
            out.append(None)
        elif need - s.met_n_kg[j] <= 1e-6 * max(1.0, need):
            out.append("met")
        else:
            out.append(REQUEST_REASONS[mode[j]])
    return out


def _without_supply(p: Problem, j: int) -> str:
    """Why request j has no legal arc: it accepts no kind, or nothing is in reach."""
    kinds = p.doc["requests"][j].get("kinds")
    return "accepts_no_kind" if kinds == [] else "no_supply_in_reach"
