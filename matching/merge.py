"""`merge_solutions`: one solution document from the solutions of `split_instance`'s parts.

JSON in, JSON out, and no solver: the web app rebuilds a run's solution with the same call
the worker made. Flows, lots, requests and farms keep the instance's order; counts and
times in `stats` add up; the status is the worst part's; a lot or request without any arc
whose reason depends on the other side elsewhere (no receiver or supply in reach, …) is
re-explained over the whole instance, because its part saw only its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matching.arc_rules import Receivers
from matching.explain import MESSAGES
from matching.explain_reach import (
    REACH_CODES,
    SUPPLY_CODES,
    lot_without_arcs,
    request_without_arcs,
)
from matching.problem import Problem
from matching.solution import SOLUTION_FORMAT

#: Part statuses from best to worst; the merged status is the worst one.
STATUS_ORDER = ("optimal", "feasible", "time_limit", "infeasible", "error")
#: Stats that add up over parts (and over components inside one solve).
SUMMED_STATS = (
    "variables",
    "constraints",
    "components",
    "arcs_candidate",
    "arcs_model",
    "pricing_rounds",
    "lp_restarts",
    "branch_nodes",
    "prepare_s",
    "pricing_s",
    "build_s",
    "solve_s",
    "extract_s",
    "total_s",
)


def _reexplain_reach(
    doc: Mapping[str, Any], lots: list[dict[str, Any]], requests: list[dict[str, Any]]
) -> None:
    """A part sees only its own lots and requests: re-derive, over the whole instance, the
    reasons of lots and requests without any arc that depend on the other side elsewhere
    (no receiver in reach, no supply in reach, the non-organic gate, windows, declines)."""
    stale_lots = [row for row in lots if row.get("why_left_code") in REACH_CODES]
    stale_requests = [row for row in requests if row.get("why_unmet_code") in SUPPLY_CODES]
    if not (stale_lots or stale_requests):
        return
    p = Problem.read(doc)
    to = Receivers.of(p)
    lot_at = {lot_id: i for i, lot_id in enumerate(p.lots.ids)}
    for row in stale_lots:
        code = lot_without_arcs(p, lot_at[row["id"]], to)
        row |= {"why_left_code": code, "why_left": MESSAGES[code]}
    req_at = {req_id: j for j, req_id in enumerate(p.requests.ids)}
    for row in stale_requests:
        code = request_without_arcs(p, req_at[row["id"]], to)
        row |= {"why_unmet_code": code, "why_unmet": MESSAGES[code]}


def merge_solutions(doc: Mapping[str, Any], parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One solution document for `doc` from the solutions of its `split_instance` parts."""
    order = {
        key: {x["id"]: i for i, x in enumerate(doc[key])} for key in ("lots", "requests", "farms")
    }
    lot_at, req_at = order["lots"], order["requests"]

    def rows(key: str) -> list[dict[str, Any]]:
        found = [row for part in parts for row in part.get(key) or []]
        return sorted(found, key=lambda row: order[key][row["id"]])

    flows = sorted(
        (f for part in parts for f in part.get("flows") or []),
        key=lambda f: (lot_at[f["lot"]], req_at[f["request"]]),
    )
    stats: dict[str, Any] = {k: 0 for k in SUMMED_STATS}
    for part in parts:
        for key in SUMMED_STATS:
            stats[key] += (part.get("stats") or {}).get(key, 0)
    stats["solver"] = next((s["stats"].get("solver") for s in parts if s.get("stats")), None)
    statuses = [part.get("status", "error") for part in parts] or ["optimal"]
    lots, requests = rows("lots"), rows("requests")
    _reexplain_reach(doc, lots, requests)
    return {
        "format": SOLUTION_FORMAT,
        "status": max(statuses, key=STATUS_ORDER.index),
        "solution_found": all(part.get("solution_found", True) for part in parts),
        "objective": sum(float(part.get("objective") or 0.0) for part in parts),
        "bound": sum(float(part.get("bound") or 0.0) for part in parts),
        "flows": flows,
        "lots": lots,
        "requests": requests,
        "farms": rows("farms"),
        "stats": stats,
    }
