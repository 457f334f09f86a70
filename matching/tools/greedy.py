"""Nearest-first greedy matching: what a coordinator does by hand, as a baseline.

Requests are served in document order; each takes the nearest legal lot first and as many
tonnes as every rule still allows, then the next nearest, until its N is met. Tonnes per
step (t) = min(lot left, request N left / N, farm N room left / (animal fraction x N),
A-share slack / ((a_min - a) x N) when a < a_min, P2O5 room left / P2O5), skipped when the
delivery loses money (n_value x N < transport x km) or falls under the minimum delivery.
The R5 either-or is settled first come, first served. The result passes `check`.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.check_arcs import Arc, RuleBook, legal_arcs

SOLUTION_FORMAT = "mestmatch/solution@1"
MIN_FLOW_T = 1e-6


@dataclass
class _State:
    """What is left as deliveries are booked (t, kg N, kg P2O5) and each farm's R5 side."""

    lot_t: dict[str, float]
    request_n: dict[str, float]
    room_n: dict[str, float]
    a_slack: dict[str, float]
    p2o5: dict[str, float]
    side: dict[str, str] = field(default_factory=dict)
    flows: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, book: RuleBook) -> _State:
        farms = book.farm_facts
        return cls(
            lot_t={lid: float(x["tonnes"]) for lid, x in book.lots.items()},
            request_n={rid: float(r["n_kg"]) for rid, r in book.requests.items()},
            room_n={fid: f.room_left_kg for fid, f in farms.items()},
            a_slack={fid: f.d0 - min(0.0, f.d0) for fid, f in farms.items()},
            p2o5={
                fid: math.inf if f.p2o5_room_kg is None else f.p2o5_room_kg
                for fid, f in farms.items()
            },
        )


def _ratio(left: float, per_t: float) -> float:
    return math.inf if per_t <= 0 else max(0.0, left) / per_t


def _r5_open(book: RuleBook, state: _State, arc: Arc) -> bool:
    facts = book.lot_facts[arc.lot]
    if facts.organic_manure and state.side.get(book.lots[arc.lot]["farm"]) == "imports":
        return False
    receiver = book.requests[arc.request]["farm"]
    return not (facts.nonorganic_animal and state.side.get(receiver) == "exports")


def _max_tonnes(book: RuleBook, state: _State, arc: Arc) -> float:
    """The largest delivery every remaining limit allows, in t."""
    facts = book.lot_facts[arc.lot]
    farm = book.requests[arc.request]["farm"]
    slope = (book.farm_facts[farm].a_min - facts.a_fraction) * facts.n_per_t
    return min(
        state.lot_t[arc.lot],
        _ratio(state.request_n[arc.request], facts.n_per_t),
        _ratio(state.room_n[farm], facts.animal_fraction * facts.n_per_t),
        _ratio(state.a_slack[farm], slope),
        _ratio(state.p2o5[farm], facts.p2o5_per_t),
    )


def _worth_it(book: RuleBook, arc: Arc) -> bool:
    """A coordinator drives only when the N is worth more than the trip (EUR per t)."""
    value = float(book.params["n_value_eur_per_kg"]) * book.lot_facts[arc.lot].n_per_t
    return value > float(book.params["transport_eur_per_t_km"]) * arc.km


def _minimum(book: RuleBook, lot_id: str) -> float:
    threshold = book.params.get("min_delivery_t")
    if not threshold:
        return MIN_FLOW_T
    return max(MIN_FLOW_T, min(float(threshold), float(book.lots[lot_id]["tonnes"])))


def _book_flow(book: RuleBook, state: _State, arc: Arc, tonnes: float) -> None:
    facts = book.lot_facts[arc.lot]
    farm = book.requests[arc.request]["farm"]
    n = facts.n_per_t * tonnes
    state.lot_t[arc.lot] -= tonnes
    state.request_n[arc.request] -= n
    state.room_n[farm] -= facts.animal_fraction * n
    state.a_slack[farm] -= (book.farm_facts[farm].a_min - facts.a_fraction) * n
    state.p2o5[farm] -= facts.p2o5_per_t * tonnes
    if facts.organic_manure:
        state.side[book.lots[arc.lot]["farm"]] = "exports"
    if facts.nonorganic_animal:
        state.side[farm] = "imports"
    transport = float(book.params["transport_eur_per_t_km"])
    state.flows.append(
        {
            "lot": arc.lot,
            "request": arc.request,
            "tonnes": tonnes,
            "n_kg": n,
            "a_n_kg": facts.a_fraction * n,
            "animal_n_kg": facts.animal_fraction * n,
            "km": arc.km,
            "cost_eur": transport * arc.km * tonnes,
        }
    )


def _serve(book: RuleBook, state: _State, arcs: list[Arc]) -> None:
    """One request: nearest legal lot first while N is still wanted."""
    for arc in sorted(arcs, key=lambda a: (a.km, a.lot)):
        if state.request_n[arc.request] <= MIN_FLOW_T:
            return
        if not (_worth_it(book, arc) and _r5_open(book, state, arc)):
            continue
        tonnes = _max_tonnes(book, state, arc)
        if tonnes >= _minimum(book, arc.lot):
            _book_flow(book, state, arc, tonnes)


def _why_left(book: RuleBook, state: _State, lot_id: str, reachable: set[str]) -> str:
    blocked = book.lot_facts[lot_id].blocked
    if blocked:
        return f"Cannot be placed: {blocked}."
    if state.lot_t[lot_id] <= MIN_FLOW_T:
        return "Placed in full."
    if lot_id not in reachable:
        return "No receiver within reach accepts this lot."
    return "The nearest-first pass found no receiver with room left."


def _summaries(book: RuleBook, state: _State, arcs: list[Arc]) -> dict[str, Any]:
    reachable = {a.lot for a in arcs}
    lots = [
        {
            "id": lid,
            "category": book.lot_facts[lid].category,
            "a_fraction": book.lot_facts[lid].a_fraction,
            "placed_t": float(x["tonnes"]) - state.lot_t[lid],
            "left_t": state.lot_t[lid],
            "why_left": _why_left(book, state, lid, reachable),
        }
        for lid, x in book.lots.items()
    ]
    requests = [
        {
            "id": rid,
            "met_n_kg": float(r["n_kg"]) - state.request_n[rid],
            "unmet_n_kg": state.request_n[rid],
            "why_unmet": "Met."
            if state.request_n[rid] <= MIN_FLOW_T
            else "No more legal lot within reach at a profit.",
        }
        for rid, r in book.requests.items()
    ]
    return {"lots": lots, "requests": requests, "farms": _farm_rows(book, state)}


def _farm_rows(book: RuleBook, state: _State) -> list[dict[str, Any]]:
    """Clarification 12: room before own manure, own kept + received + imported animal N,
    A-share (own: the own manure kept, as the checker reads it)."""
    n_in: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # N, A-N, animal N
    for flow in state.flows:
        sums = n_in[book.requests[flow["request"]]["farm"]]
        sums[0] += flow["n_kg"]
        sums[1] += flow["a_n_kg"]
        sums[2] += flow["animal_n_kg"]
    rows = []
    for fid, farm in book.farms.items():
        facts, (n, a_n, animal) = book.farm_facts[fid], n_in[fid]
        own = facts.kept_kg
        total = own + float(farm.get("other_n_kg") or 0.0) + n
        a_total = facts.own_a_kg + float(farm.get("other_a_n_kg") or 0.0) + a_n
        rows.append(
            {
                "id": fid,
                "n_room_kg": facts.room_kg,
                "animal_n_kg": own + float(farm.get("received_animal_n_kg") or 0.0) + animal,
                "a_share": a_total / total if total > 0 else None,
                "side": state.side.get(fid, "none"),
            }
        )
    return rows


def greedy_solve(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A solution document (status "feasible", bound null) from the nearest-first pass."""
    started = time.perf_counter()
    book = RuleBook(doc)
    state = _State.start(book)
    arcs = list(legal_arcs(book))
    by_request: dict[str, list[Arc]] = defaultdict(list)
    for arc in arcs:
        by_request[arc.request].append(arc)
    for request_id in book.requests:
        _serve(book, state, by_request[request_id])
    value = float(book.params["n_value_eur_per_kg"])
    objective = math.fsum(value * f["n_kg"] - f["cost_eur"] for f in state.flows)
    elapsed = time.perf_counter() - started
    return {
        "format": SOLUTION_FORMAT,
        "status": "feasible",
        "objective": objective,
        "bound": None,
        "flows": state.flows,
        **_summaries(book, state, arcs),
        "stats": {
            "solver": "greedy",
            "variables": len(arcs),
            "constraints": 0,
            "components": 1,
            "build_s": 0.0,
            "solve_s": elapsed,
            "total_s": elapsed,
        },
    }
