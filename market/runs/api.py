"""Match runs for coordinators: start one, follow its progress, export instance and solution,
retry one that found no solution with a longer time limit.

Starting commits the queued run first and only then enqueues its id by task name (the
worker may be on another machine; the run row is the truth). A broker outage leaves the
run queued for the worker's sweeper, so the answer is still 201. Runs are expensive, so
each coordinator may start a limited number per hour, page and API together
(`market.runs.starting`). Bodies are read by `RunScope` and answers are the runs' output
models (`market.runs.schemas`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from market.core.api import bp
from market.core.api.http import answer, created, json_body, paginate
from market.core.api.problems import ApiProblem
from market.core.api.registry import View, named, operation
from market.core.broker import commit_then_enqueue
from market.core.extensions import app_state, db_session
from market.core.schemas import PageQuery
from market.core.validation import N_
from market.models import MatchRun
from market.runs.schemas import Document, Run, RunPage, RunScope, StoredScope
from market.runs.services.export import run_instance, run_solution
from market.runs.services.runs import progress, retry_limit, scope_of
from market.runs.starting import create_requested_run

#: The stored scope's keys the API answers (`StoredScope`; docs/api.md, "Fields added on
#: 2026-11-30"): the valuation keys only where the run set them.
SCOPE_KEYS = ("region", "from", "until", "outlet_eur_per_t", "loads")
COORDINATORS_ONLY = (403,)
NO_RETRY = (
    "Only a run that found no solution can be retried, and only while the worker allows a "
    "longer time limit than it had."
)
ONE_RUN = (403, 404)


def run_body(run: MatchRun) -> Run:
    """The run with its stored scope (keys left out of an old scope are null) and progress."""
    scope = StoredScope.model_validate({key: run.scope.get(key) for key in SCOPE_KEYS})
    return Run.of(run, scope=scope, progress=progress(run))


def coordinator() -> None:
    if not current_user.is_coordinator:
        abort(403, N_("Only coordinators may do this."))


def the_run(run_id: int) -> MatchRun:
    coordinator()
    run = db_session().get(MatchRun, run_id)
    if run is None:
        abort(404)
    return run


@operation(
    bp,
    "POST",
    "/runs",
    tag="runs",
    summary="Start a run",
    scope="write",
    body=RunScope,
    response=Run,
    status=201,
    idempotent=True,
    errors=(403, 429),
)
def post_run() -> Response:
    """Queue a run for a province and/or period (empty body: everything open today)."""
    coordinator()
    run = create_requested_run(current_user.id, lambda: json_body(RunScope))
    response, _sent = commit_then_enqueue(
        app_state().producer, run.id, lambda: created(run_body(run), "api.get_run", run_id=run.id)
    )
    return response


@operation(
    bp,
    "POST",
    "/runs/{run_id}/retry",
    tag="runs",
    summary="Retry a run that found no solution",
    scope="write",
    response=Run,
    status=201,
    idempotent=True,
    errors=(403, 404, 409, 429),
)
def retry_run(run_id: int) -> Response:
    """Queue another try at a run whose solver stopped without any feasible plan (status
    `no_solution`): the same scope, with `time_limit_s` twice the limit it had, within the
    worker's longest (`MESTMATCH_SOLVER_TIME_LIMIT_S`). The answer is the new run. 409 when
    the run has another status or already had the longest limit; counts against the hourly
    limit on starting runs like `POST /runs`."""
    run = the_run(run_id)
    limit = retry_limit(run, app_state().settings)
    if limit is None:
        raise ApiProblem(409, NO_RETRY)
    again = create_requested_run(current_user.id, lambda: scope_of(run), time_limit_s=limit)
    response, _sent = commit_then_enqueue(
        app_state().producer,
        again.id,
        lambda: created(run_body(again), "api.get_run", run_id=again.id),
    )
    return response


@operation(
    bp,
    "GET",
    "/runs",
    tag="runs",
    summary="List runs",
    response=RunPage,
    query=PageQuery,
    errors=COORDINATORS_ONLY,
)
def list_runs() -> Response:
    """Every run, newest first."""
    coordinator()
    return paginate(select(MatchRun).order_by(MatchRun.id.desc()), run_body)


@operation(
    bp,
    "GET",
    "/runs/{run_id}",
    tag="runs",
    summary="Read a run with its progress",
    response=Run,
    errors=ONE_RUN,
)
def get_run(run_id: int) -> Response:
    """Status, phase and percentage; poll this while the run is queued or running. A run
    whose status is `no_solution` proposes nothing: retry it with a longer time limit
    (`POST /runs/{run_id}/retry`)."""
    return answer(run_body(the_run(run_id)))


#: The run's documents (INSTANCE.md): endpoint, what reads it, summary, docstring, and the
#: 409 detail while the run has not written it.
DOCUMENTS = (
    (
        "instance",
        run_instance,
        "The run's instance",
        "The instance document the run solved (INSTANCE.md); 409 before it was frozen.",
        "The worker has not frozen this run's instance yet.",
    ),
    (
        "solution",
        run_solution,
        "The run's solution",
        "The solution document (INSTANCE.md), as the engine returned it; 409 while unsolved.",
        "This run has no solution (yet).",
    ),
)


def _document(read: Callable[[MatchRun], dict[str, Any] | None], missing: str) -> View:
    """A handler answering the document `read` finds, or 409 with `missing` while it is None."""

    def handler(run_id: int) -> Response:
        doc = read(the_run(run_id))
        if doc is None:
            raise ApiProblem(409, missing)
        return answer(Document.model_validate(doc))

    return handler


def _serve_documents() -> None:
    """Register one read operation per entry of `DOCUMENTS`."""
    for name, read, summary, doc, missing in DOCUMENTS:
        operation(
            bp,
            "GET",
            f"/runs/{{run_id}}/{name}",
            tag="runs",
            summary=summary,
            response=Document,
            errors=(403, 404, 409),
        )(named(_document(read, missing), f"get_{name}", doc))


_serve_documents()
