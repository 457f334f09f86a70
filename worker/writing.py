"""A solution document → proposals, explanations and the run's outcome, in one transaction.

The caller holds the run (a conditional update matched for its claim) before anything is
written, and commits once at the end: a crash in between leaves the old state, never half
a result. Existing proposals of the run are replaced, so writing twice gives one set.
A proposal whose lot or request changed since the snapshot (its `version` moved on, or it
is no longer open) is written as `stale`: the coordinator sees it, but cannot approve it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

import matching
from market.models import (
    ListingStatus,
    Lot,
    Proposal,
    Request,
    ReviewStatus,
    RunComponent,
    RunExplanation,
    RunStatus,
)
from market.proposals.services.review import supersede_earlier
from worker import claims
from worker.documents import row_id
from worker.mapping import VERSIONS_KEY, instance_document
from worker.terms import flow_terms, lot_rents

UNEXPLAINED = "unexplained"
ERRORS_SHOWN = 20
ERROR_TEXT_MAX = 1000
SOLVED_STATUSES = frozenset({"optimal", "feasible"})
# Proposal column ← flow field; clamped at 0 like every amount (see `_amount`).
FLOW_COLUMNS = {
    "tonnes": "tonnes",
    "n_kg": "n_kg",
    "a_n_kg": "a_n_kg",
    "animal_n_kg": "animal_n_kg",
    "distance_km": "km",
    "cost_eur": "cost_eur",
}


def merged_solution(snapshot: Mapping[str, Any], solutions: list[dict[str, Any]]) -> dict[str, Any]:
    """The run's solution from its components' (one component: its own)."""
    if len(solutions) == 1:
        return solutions[0]
    return matching.merge_solutions(instance_document(snapshot), solutions)


def write_outcome(
    session: Session,
    run_id: int,
    token: str,
    snapshot: Mapping[str, Any],
    solution: Mapping[str, Any],
    components: int,
) -> RunStatus | None:
    """One transaction, committed: the outcome on the run row, then the rows; None when
    `token` no longer holds the run (nothing written). `components` is the count merged."""
    status = outcome_status(solution)
    stats = {
        **solution.get("stats", {}),
        "solution_status": solution.get("status"),
        "flows": len(solution.get("flows", [])),
        "components": components,
    }
    if not claims.finish(
        session,
        run_id,
        token,
        status,
        stats=stats,
        error_text=outcome_error(solution),
        objective_eur=solution.get("objective"),
        bound_eur=solution.get("bound"),
    ):
        return None
    # No solution: no proposals, and no reasons read off a plan nobody found.
    found = status is not RunStatus.NO_SOLUTION
    if status is RunStatus.SOLVED:
        supersede(session, run_id, snapshot)
    replace_results(session, run_id, snapshot, {"flows": [], **(solution if found else {})})
    session.commit()
    return status


def outcome_status(solution: Mapping[str, Any]) -> RunStatus:
    """What the coordinator sees: infeasible is an outcome; a time limit with a plan is solved;
    a solver that stopped without any feasible plan (`solution_found` false) is `no_solution`,
    never solved: its empty plan and objective 0 are no answer."""
    if solution.get("solution_found") is False:
        return RunStatus.NO_SOLUTION
    status = solution.get("status")
    if status in SOLVED_STATUSES or (
        status == "time_limit" and solution.get("objective") is not None
    ):
        return RunStatus.SOLVED
    return RunStatus.INFEASIBLE if status == "infeasible" else RunStatus.FAILED


def outcome_error(solution: Mapping[str, Any]) -> str | None:
    """The error text kept on a failed run."""
    if outcome_status(solution) is not RunStatus.FAILED:
        return None
    detail = solution.get("error") or solution.get("message")
    return f"solver status {solution.get('status')!r}" + (f": {detail}" if detail else "")


def replace_results(
    session: Session, run_id: int, snapshot: Mapping[str, Any], solution: Mapping[str, Any]
) -> int:
    """Delete the run's proposals and explanations and write the new ones; returns the count."""
    session.execute(delete(Proposal).where(Proposal.run_id == run_id))
    session.execute(delete(RunExplanation).where(RunExplanation.run_id == run_id))
    proposals = proposals_from_flows(session, run_id, snapshot, solution)
    explanations = explanations_from_solution(run_id, solution)
    # Core bulk inserts (one executemany each, no ORM bookkeeping per row): a national run
    # writes thousands of rows.
    for model, rows in ((Proposal, proposals), (RunExplanation, explanations)):
        if rows:
            session.execute(insert(model.metadata.tables[model.__tablename__]), rows)
    return len(proposals)


def proposals_from_flows(
    session: Session, run_id: int, snapshot: Mapping[str, Any], solution: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One proposal's columns per flow of `solution`, stale where its listing changed since
    the snapshot, with the flow's terms (`worker.terms`: loads, suggested price, rent, the
    delivery window read off the snapshot's lot and request)."""
    flows = solution["flows"]
    versions = snapshot[VERSIONS_KEY]
    lots = _current(session, Lot, {row_id(flow["lot"]) for flow in flows})
    requests = _current(session, Request, {row_id(flow["request"]) for flow in flows})
    docs = {item["id"]: item for side in ("lots", "requests") for item in snapshot[side]}
    rents = lot_rents(solution)
    rows = []
    for flow in flows:
        lot_version = versions["lots"][flow["lot"]]
        request_version = versions["requests"][flow["request"]]
        fresh = (
            lots.get(row_id(flow["lot"])) == lot_version
            and requests.get(row_id(flow["request"])) == request_version
        )
        terms = flow_terms(flow, docs[flow["lot"]], docs[flow["request"]], rents)
        rows.append(_proposal(run_id, flow, lot_version, request_version, fresh) | terms)
    return rows


# Per section of a solution: the row's id column and its reason field.
EXPLAINED = (("lots", "lot_id", "why_left"), ("requests", "request_id", "why_unmet"))
#: A reason's amounts (a lot's placed and left tonnes, a request's met and unmet kg N).
AMOUNTS = ("placed_t", "left_t", "met_n_kg", "unmet_n_kg")


def explanations_from_solution(run_id: int, solution: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Why each lot was (partly) left and each request (partly) unmet, in the engine's words
    (the columns of one `RunExplanation` each; the other of lot and request id is None)."""
    return [
        {
            "run_id": run_id,
            "lot_id": None,
            "request_id": None,
            column: row_id(row["id"]),
            "code": row.get(f"{why}_code") or UNEXPLAINED,
            "text": row[why],
            **{amount: _amount(row, amount) for amount in AMOUNTS},
        }
        for section, column, why in EXPLAINED
        for row in solution.get(section, [])
        if row.get(why)
    ]


def _amount(row: Mapping[str, Any], key: str) -> float | None:
    """A quantity for a CHECK (>= 0) column: the engine's -5e-14 is a rounding error, not a debt."""
    value = row.get(key)
    return None if value is None else max(0.0, float(value))


def _current(session: Session, model: type[Lot] | type[Request], ids: set[int]) -> dict[int, int]:
    """id → version of the listings that are still open (a closed one is never fresh)."""
    if not ids:
        return {}
    # Every open listing's, kept where asked: no IN list of thousands of ids to bind.
    query = select(model.id, model.version).where(model.status == ListingStatus.OPEN)
    return {
        listing_id: version for listing_id, version in session.execute(query) if listing_id in ids
    }


def _proposal(
    run_id: int, flow: Mapping[str, Any], lot_version: int, request_version: int, fresh: bool
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "lot_id": row_id(flow["lot"]),
        "request_id": row_id(flow["request"]),
        **{column: _amount(flow, key) for column, key in FLOW_COLUMNS.items()},
        "lot_version": lot_version,
        "request_version": request_version,
        "review_status": ReviewStatus.PROPOSED if fresh else ReviewStatus.STALE,
    }


def supersede(session: Session, run_id: int, snapshot: Mapping[str, Any]) -> None:
    """A solved run supersedes the unreviewed proposals of earlier runs on the lots and
    requests it saw: it solved what is open now, they solved an older market."""
    versions = snapshot[VERSIONS_KEY]
    lots, requests = (map(row_id, versions[side]) for side in ("lots", "requests"))
    supersede_earlier(session, run_id, lots, requests)


def error_text(exc: BaseException) -> str:
    """The exception's first line: a database error drags its whole statement along."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:ERROR_TEXT_MAX]


def invalid_text(errors: list[str]) -> str:
    """The engine's problems with an instance, the first `ERRORS_SHOWN` of them."""
    more = f" (and {len(errors) - ERRORS_SHOWN} more)" if len(errors) > ERRORS_SHOWN else ""
    return "invalid instance: " + "; ".join(errors[:ERRORS_SHOWN]) + more


def component_errors(failed: list[RunComponent]) -> str:
    """Why the failed components of a run failed, each distinct error once."""
    texts = sorted({str((part.solution or {}).get("error", "unknown error")) for part in failed})
    return f"{len(failed)} component(s) failed: " + "; ".join(texts[:ERRORS_SHOWN])
