"""`python -m matching check INSTANCE.json SOLUTION.json`: the independent rule checker.

It refuses an invalid instance exactly as `solve` does (`matching.validate`, shared on
purpose: both must accept the same documents) and a solution of the wrong shape
(`check_shape`), then re-derives every rule from the instance alone (`check_rules`, no
model, solver or `matching.rules` code) and reports one line per violation: arcs that may
not exist (windows included), flow fields that do not add up (n_kg = N x t, a_n_kg = a x N
x t, animal_n_kg = animal fraction x N x t, km, cost_eur = transport x km x t, or with
`params.loads` an integer `loads` >= t / capacity and cost_eur = loads x (eur_per_load +
eur_per_load_km x km), `check_costs`), limits per lot, request and farm, the R5 either-or,
minimum delivery, the objective (sum n_value x n_kg + sum outlet x t - sum cost_eur), the
per-lot, per-request and per-farm summaries, and the suggested prices when present
(`check_prices`, docs/prices.md).

Tolerance: a comparison passes within 1e-6 absolute plus 1e-6 relative to the magnitude of
the terms compared (`check_totals.TOL_ABS`, `TOL_REL`); solvers work to ~1e-7 feasibility.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from matching.check_arcs import RuleBook
from matching.check_costs import cost_eur, loads_problems, outlet_eur
from matching.check_prices import price_problems
from matching.check_shape import MalformedSolution, check_shape
from matching.check_totals import (
    TOL_ABS,
    Totals,
    close,
    farm_limits,
    farm_summaries,
    finite,
    lot_and_request_limits,
    lot_summaries,
    request_summaries,
)
from matching.validate import InvalidInstance, problem_lines, read_document, validate_instance

SOLUTION_FORMAT = "mestmatch/solution@1"
STATUSES = frozenset({"optimal", "feasible", "infeasible", "time_limit", "error"})
NO_RESULT = frozenset({"infeasible", "error"})
MIN_FLOW_T = 1e-6  # INSTANCE.md: flows below 1e-6 t are omitted


def _min_delivery_problem(book: RuleBook, lot_id: str, tonnes: float) -> str | None:
    """Clarification 8: each flow is 0 or >= min(min_delivery_t, lot tonnes); 0 = none."""
    threshold = book.params.get("min_delivery_t")
    if not threshold:
        return None
    need = min(float(threshold), float(book.lots[lot_id]["tonnes"]))
    if close(tonnes, need) or tonnes >= need:
        return None
    return f"{tonnes:.6f} t is below the minimum delivery {need:g} t"


def _field_problems(book: RuleBook, flow: Mapping[str, Any], tonnes: float) -> list[str]:
    facts = book.lot_facts[flow["lot"]]
    km = book.km(flow["lot"], flow["request"])
    n = facts.n_per_t * tonnes
    expected = {
        "n_kg": n,
        "a_n_kg": facts.a_fraction * n,
        "animal_n_kg": facts.animal_fraction * n,
        "km": km,
        "cost_eur": cost_eur(book, flow, tonnes, km),
    }
    out = []
    for name, value in expected.items():
        got = flow.get(name)
        number = finite(got)
        if number is None or not close(number, value):
            out.append(f"{name} is {got!r}, expected {value:.6f}")
    return out


def _flow_problems(book: RuleBook, flow: Mapping[str, Any]) -> list[str]:
    """Everything wrong with one flow on its own (ids, size, legality, fields)."""
    lot_id, request_id = flow.get("lot"), flow.get("request")
    if lot_id not in book.lots or request_id not in book.requests:
        return ["unknown lot or request id"]
    tonnes = finite(flow.get("tonnes"))
    if tonnes is None:
        return [f"tonnes is {flow.get('tonnes')!r}, not a number"]
    out = [] if tonnes >= MIN_FLOW_T else [f"{tonnes!r} t is below {MIN_FLOW_T:g} t"]
    illegal = book.arc_problem(lot_id, request_id)
    if illegal:
        out.append(f"arc not allowed: {illegal}")
    short = _min_delivery_problem(book, lot_id, tonnes)
    if short:
        out.append(short)
    return out + loads_problems(book, flow, tonnes) + _field_problems(book, flow, tonnes)


def _countable(book: RuleBook, flow: Mapping[str, Any]) -> bool:
    """A flow with known ids and numeric tonnes enters the sums (even when it is wrong)."""
    return (
        flow.get("lot") in book.lots
        and flow.get("request") in book.requests
        and finite(flow.get("tonnes")) is not None
    )


def _check_flows(book: RuleBook, flows: Sequence[Mapping[str, Any]]) -> tuple[Totals, list[str]]:
    totals, out, seen = Totals(), [], set()
    for i, flow in enumerate(flows):
        pair = (flow.get("lot"), flow.get("request"))
        label = f"flows[{i}] {pair[0]}->{pair[1]}"
        if pair in seen:
            out.append(f"{label}: duplicate (lot, request) flow")
        seen.add(pair)
        problems = _flow_problems(book, flow)
        out += [f"{label}: {p}" for p in problems]
        if _countable(book, flow):
            totals.add(book, str(flow["lot"]), str(flow["request"]), float(flow["tonnes"]))
    return totals, out


def _objective_problems(book: RuleBook, solution: Mapping[str, Any]) -> list[str]:
    """objective = sum n_value x N x t + sum outlet x t - sum cost over the flows, recomputed
    (cost as `check_costs.cost_eur`: per tonne-km, or per whole load)."""
    value = float(book.params["n_value_eur_per_kg"])
    terms = []
    for flow in solution.get("flows") or []:
        if _countable(book, flow):
            lot_id, t = str(flow["lot"]), float(flow["tonnes"])
            km = book.km(lot_id, str(flow["request"]))
            n_eur = value * book.lot_facts[lot_id].n_per_t * t
            terms.append(n_eur + outlet_eur(book, lot_id, t) - cost_eur(book, flow, t, km))
    got = solution.get("objective")
    if got is None:
        return [] if not terms else ["objective is null although there are flows"]
    expected = math.fsum(terms)
    scale = math.fsum(abs(t) for t in terms)
    number = finite(got)
    if number is None or not close(number, expected, scale):
        return [f"objective is {got!r}, recomputed {expected:.6f}"]
    return []


def _status(solution: Mapping[str, Any]) -> str | None:
    status = solution.get("status")
    return status if isinstance(status, str) and status in STATUSES else None


def _header_problems(solution: Mapping[str, Any]) -> list[str]:
    out = []
    if solution.get("format") != SOLUTION_FORMAT:
        out.append(f"format is {solution.get('format')!r}, expected {SOLUTION_FORMAT!r}")
    if _status(solution) is None:
        out.append(f"status {solution.get('status')!r} is not one of {sorted(STATUSES)}")
    return out


def check_solution(instance: Any, solution: Any) -> list[str]:
    """All rule violations of `solution` for `instance`, one sentence each; [] when clean.
    Raises `InvalidInstance` when the instance is invalid (the validation `solve` applies)
    and `MalformedSolution` when the solution cannot be checked at all."""
    validate_instance(instance)
    check_shape(solution)
    book = RuleBook(instance)
    totals, out = _check_flows(book, solution.get("flows") or [])
    out = _header_problems(solution) + out
    out += lot_and_request_limits(book, totals)
    out += farm_limits(book, totals)
    out += _objective_problems(book, solution)
    if _status(solution) in NO_RESULT and not solution.get("lots"):
        return out  # an error or infeasible run need not list the lots and requests
    out += lot_summaries(book, totals, solution.get("lots"))
    out += request_summaries(book, totals, solution.get("requests"))
    out += farm_summaries(book, totals, solution.get("farms"))
    out += price_problems(book, totals, solution)
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching check",
        description="Check a solution against an instance's rules; exit 1 on any violation.",
    )
    parser.add_argument("instance", help="instance JSON (mestmatch/instance@1)")
    parser.add_argument("solution", help="solution JSON (mestmatch/solution@1)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Print one line per violation; 0 when clean, 1 on any violation, 2 on an invalid
    instance, a malformed solution or unreadable input (one line per problem on stderr, as
    `solve` prints them)."""
    args = _parser().parse_args(argv)
    try:
        instance, solution = read_document(args.instance), read_document(args.solution)
        problems = check_solution(instance, solution)
    except (InvalidInstance, MalformedSolution) as exc:
        print(problem_lines(exc.errors), file=sys.stderr)
        return 2
    if problems:
        print(problem_lines(problems))
    elif solution.get("solution_found") is False:
        print("ok: no violations; the solution holds no plan (solution_found false)")
    else:
        print("ok: no violations")
    return 1 if problems else 0


__all__ = ["TOL_ABS", "check_solution", "main"]
