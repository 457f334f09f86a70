"""Sums of the flows per lot, request and farm, and the constraints on them (checker part 2).

Every total is recomputed from the instance's own numbers (derived N per tonne, A-fraction,
animal fraction, P2O5 per tonne) times the flow tonnes, never from the flow's reported fields.
Units: t, kg N, kg P2O5.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.check_arcs import RuleBook

TOL_ABS = 1e-6  # absolute tolerance (t, kg, km, EUR) on every comparison
TOL_REL = 1e-6  # relative tolerance, applied to the magnitude of the terms compared

#: Checks one summary row against its item: (id, item, row) -> problems.
RowCheck = Callable[[str, Mapping[str, Any], Mapping[str, Any]], list[str]]


def finite(value: Any) -> float | None:
    """`value` as a float when it is a finite JSON number (not a bool, not an int too large
    for a float), else None: the caller reports it as not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def within(lhs: float, rhs: float, scale: float = 0.0) -> bool:
    """lhs <= rhs up to TOL_ABS + TOL_REL x max(|lhs|, |rhs|, scale)."""
    return lhs <= rhs + TOL_ABS + TOL_REL * max(abs(lhs), abs(rhs), scale)


def close(a: float, b: float, scale: float = 0.0) -> bool:
    """|a - b| within the tolerance."""
    return within(a, b, scale) and within(b, a, scale)


@dataclass
class Totals:
    """Flow sums keyed by lot, request or farm id; `*_abs` keep magnitudes for tolerances."""

    lot_t: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    request_n: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    farm_animal_n: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    farm_n: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    farm_a_n: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    farm_a_slack: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    farm_a_abs: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    farm_p2o5: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    organic_export_t: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    nonorganic_import_t: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, book: RuleBook, lot_id: str, request_id: str, tonnes: float) -> None:
        """Book one flow of `tonnes` t into every sum it touches."""
        facts = book.lot_facts[lot_id]
        receiver = book.requests[request_id]["farm"]
        n = facts.n_per_t * tonnes
        slope = (facts.a_fraction - book.farm_facts[receiver].a_min) * n
        self.lot_t[lot_id] += tonnes
        self.request_n[request_id] += n
        self.farm_animal_n[receiver] += facts.animal_fraction * n
        self.farm_n[receiver] += n
        self.farm_a_n[receiver] += facts.a_fraction * n
        self.farm_a_slack[receiver] += slope
        self.farm_a_abs[receiver] += abs(slope)
        self.farm_p2o5[receiver] += facts.p2o5_per_t * tonnes
        if facts.organic_manure:
            self.organic_export_t[book.lots[lot_id]["farm"]] += tonnes
        if facts.nonorganic_animal:
            self.nonorganic_import_t[receiver] += tonnes


def lot_and_request_limits(book: RuleBook, totals: Totals) -> list[str]:
    """Lot: sum x <= tonnes. Request: sum N x <= n_kg."""
    out = []
    for lot_id, placed in totals.lot_t.items():
        tonnes = float(book.lots[lot_id]["tonnes"])
        if not within(placed, tonnes):
            out.append(f"lot {lot_id}: {placed:.6f} t placed, above its {tonnes:g} t")
    for request_id, n in totals.request_n.items():
        wanted = float(book.requests[request_id]["n_kg"])
        if not within(n, wanted):
            out.append(f"request {request_id}: {n:.6f} kg N delivered, above its {wanted:g} kg")
    return out


def _farm_problems(book: RuleBook, totals: Totals, farm_id: str) -> list[str]:
    facts = book.farm_facts[farm_id]
    out = []
    animal = totals.farm_animal_n.get(farm_id, 0.0)
    if not within(animal, facts.room_left_kg):
        out.append(
            f"farm {farm_id}: {animal:.6f} kg animal N imported, above its N room "
            f"{facts.room_left_kg:.6f} kg (R1/R2)"
        )
    lhs = facts.d0 + totals.farm_a_slack.get(farm_id, 0.0)
    floor = min(0.0, facts.d0)
    if not within(floor, lhs, totals.farm_a_abs.get(farm_id, 0.0) + abs(facts.d0)):
        out.append(f"farm {farm_id}: A-share slack {lhs:.6f} kg below {floor:.6f} kg (R8)")
    p2o5 = totals.farm_p2o5.get(farm_id, 0.0)
    if facts.p2o5_room_kg is not None and not within(p2o5, facts.p2o5_room_kg):
        out.append(
            f"farm {farm_id}: {p2o5:.6f} kg P2O5 imported, above its room {facts.p2o5_room_kg:g} kg"
        )
    exported = totals.organic_export_t.get(farm_id, 0.0)
    imported = totals.nonorganic_import_t.get(farm_id, 0.0)
    if exported > TOL_ABS and imported > TOL_ABS:
        out.append(
            f"farm {farm_id}: exports {exported:.6f} t organic manure and imports "
            f"{imported:.6f} t non-organic animal manure (R5 either-or)"
        )
    return out


def farm_limits(book: RuleBook, totals: Totals) -> list[str]:
    """N room (R1, R2), A-share (R8, D0 form), phosphate room and the R5 either-or."""
    farms = set(totals.farm_n) | set(totals.organic_export_t)
    return [p for farm_id in sorted(farms) for p in _farm_problems(book, totals, farm_id)]


def _summary_rows(rows: Any, what: str, ids: Mapping[str, Any]) -> tuple[dict, list[str]]:
    """Index a summary list by id; report unknown and duplicate ids."""
    out: list[str] = []
    seen: dict[str, Mapping[str, Any]] = {}
    for row in rows or []:
        rid = row.get("id")
        if rid not in ids:
            out.append(f"{what} summary: unknown id {rid!r}")
        elif rid in seen:
            out.append(f"{what} summary: duplicate id {rid!r}")
        seen[rid] = row
    return seen, out


def _field(row: Mapping[str, Any], name: str, expected: float | None, label: str) -> list[str]:
    got = row.get(name)
    if expected is None:
        return [] if got is None else [f"{label}.{name}: {got!r}, expected null"]
    number = finite(got)
    if number is None or not close(number, expected):
        return [f"{label}.{name}: {got!r}, expected {expected:.6f}"]
    return []


def _listed_summaries(
    rows: Any, what: str, items: Mapping[str, Mapping[str, Any]], check: RowCheck
) -> list[str]:
    """Check the summary row of every lot or request (`what`: "lots", "requests") with
    `check(id, item, row)`; a missing row is reported instead."""
    seen, out = _summary_rows(rows, what, items)
    for item_id, item in items.items():
        row = seen.get(item_id)
        if row is None:
            out.append(f"{what} summary: {what[:-1]} {item_id} missing")
        else:
            out += check(item_id, item, row)
    return out


def lot_summaries(book: RuleBook, totals: Totals, rows: Any) -> list[str]:
    """lots[]: one row per lot with derived category, A-fraction, placed and left tonnes."""

    def check(lot_id: str, lot: Mapping[str, Any], row: Mapping[str, Any]) -> list[str]:
        facts, placed = book.lot_facts[lot_id], totals.lot_t.get(lot_id, 0.0)
        label, out = f"lots[{lot_id}]", []
        if row.get("category") != facts.category:
            out.append(f"{label}.category: {row.get('category')!r}, expected {facts.category!r}")
        out += _field(row, "a_fraction", facts.a_fraction, label)
        out += _field(row, "placed_t", placed, label)
        return out + _field(row, "left_t", float(lot["tonnes"]) - placed, label)

    return _listed_summaries(rows, "lots", book.lots, check)


def request_summaries(book: RuleBook, totals: Totals, rows: Any) -> list[str]:
    """requests[]: met and unmet kg N per request."""

    def check(request_id: str, request: Mapping[str, Any], row: Mapping[str, Any]) -> list[str]:
        met, label = totals.request_n.get(request_id, 0.0), f"requests[{request_id}]"
        out = _field(row, "met_n_kg", met, label)
        return out + _field(row, "unmet_n_kg", float(request["n_kg"]) - met, label)

    return _listed_summaries(rows, "requests", book.requests, check)


def farm_summaries(book: RuleBook, totals: Totals, rows: Any) -> list[str]:
    """farms[] (clarification 12): room before own manure, own kept + received + imported
    animal N, A-share (own: the own manure kept, `FarmFacts.kept_kg`)."""
    seen, out = _summary_rows(rows, "farms", book.farms)
    for farm_id, row in seen.items():
        if farm_id not in book.farms:
            continue
        farm, facts = book.farms[farm_id], book.farm_facts[farm_id]
        own = facts.kept_kg
        total_n = own + float(farm.get("other_n_kg") or 0.0) + totals.farm_n.get(farm_id, 0.0)
        a_n = (
            facts.own_a_kg
            + float(farm.get("other_a_n_kg") or 0.0)
            + totals.farm_a_n.get(farm_id, 0.0)
        )
        label = f"farms[{farm_id}]"
        out += _field(row, "n_room_kg", facts.room_kg, label)
        received = float(farm.get("received_animal_n_kg") or 0.0)
        animal_n = own + received + totals.farm_animal_n.get(farm_id, 0.0)
        out += _field(row, "animal_n_kg", animal_n, label)
        out += _field(row, "a_share", a_n / total_n if total_n > 0 else None, label)
    return out
