"""The coordinator's runs: start one, watch its progress, read its proposals, export them.

Starting a run goes through `market.runs.starting` (one hourly limit with the API), then
commits the queued row and only then enqueues its id by task name (`market.core.broker`); if
the broker is down the run stays queued and the worker's sweeper sends it later, so the
coordinator is told and nothing is lost. The run page polls a small JSON endpoint
(`static/js/run_progress.js`) while the worker writes its progress.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from market.core.broker import commit_then_enqueue
from market.core.clock import today
from market.core.exports import to_csv, to_xlsx
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, read
from market.core.i18n import format_number
from market.core.labels import run_status_label
from market.core.permissions import coordinator_required
from market.core.schemas.translate import current_locale, message
from market.core.validation import ValidationError
from market.interest.services.deals import deal_threads
from market.models import CATEGORIES, LOT_KINDS, PROVINCES, MatchRun, ReviewStatus
from market.proposals.forms import ActionForm, AdjustForm
from market.proposals.services.review import run_proposals
from market.proposals.services.skipped import left_open
from market.proposals.skips import row_flashes, row_notes
from market.runs.exports import PROPOSAL_COLUMNS, ProposalLine
from market.runs.forms import RunForm
from market.runs.schemas import PROPOSAL_SORTS, RunScope, proposal_query
from market.runs.services.desk import Sheet, run_counts, sheet
from market.runs.services.report import (
    category_of,
    farm_shares,
    flow_lines,
    legal_surplus,
    totals,
    unplaced,
)
from market.runs.services.runs import progress, recent_runs, retry_limit, scope_of
from market.runs.starting import create_requested_run

bp = Blueprint("review", __name__, url_prefix="/review")

#: The codes the run page's filter form offers (labelled in the template).
FILTER_CHOICES = {
    "status": tuple(ReviewStatus),
    "kind": LOT_KINDS,
    "category": CATEGORIES,
    "province": PROVINCES,
    "sort": PROPOSAL_SORTS,
}


@bp.get("")
@coordinator_required
def index() -> str:
    return _index_page(RunForm())


@bp.post("/runs")
@coordinator_required
def start() -> Response | tuple[str, int]:
    form = RunForm()
    try:
        run = create_requested_run(current_user.id, lambda: read(form, RunScope))
    except ValidationError as error:
        attach_errors(form, error.errors)
        return _index_page(form), 400
    if commit_then_enqueue(app_state().producer, run.id, db_session().commit)[1]:
        flash(_("The run has been started."), "success")
    else:
        flash(_("The run is queued; the worker will pick it up when the queue is back."), "info")
    return redirect(url_for("review.show", run_id=run.id))


def _index_page(form: RunForm) -> str:
    runs = recent_runs(db_session())
    counts = run_counts(db_session(), [run.id for run in runs])
    return render_template(
        "review/index.html", form=form, runs=runs, counts=counts, deals=deal_threads(runs)
    )


@bp.get("/runs/<int:run_id>")
@coordinator_required
def show(run_id: int) -> tuple[str, int]:
    """The run, its totals and map (all proposals), and one page of its proposals as the
    query string filters and sorts them (`ProposalQuery`); a refused filter is a 400 that
    shows its message and the unfiltered list. A deal's run has a page of its own
    (`_deal_page`)."""
    run = _run(run_id)
    deals = deal_threads([run])
    if run.id in deals:
        return _deal_page(run, deals), 200
    proposals = run_proposals(db_session(), run.id)
    policy = app_state().settings.policy
    categories = {p.id: category_of(p.lot) for p in proposals}
    query, refused = proposal_query(request.args)
    left = unplaced(db_session(), run.id)
    desk = sheet(db_session(), run.id, query)
    html = render_template(
        "review/run.html",
        run=run,
        deals=deals,
        progress=progress(run),
        proposals=proposals,
        totals=totals(proposals),
        shares=farm_shares(db_session(), proposals, policy, today(app_state().settings)),
        unplaced=left,
        surplus=legal_surplus(run.input_snapshot, left),
        flows=flow_lines(proposals, categories),
        form=ActionForm(),
        adjust_form=AdjustForm(),
        n_value=policy["n_value_eur_per_kg"],
        retry_limit=retry_limit(run, app_state().settings),
        query=query,
        sheet=desk,
        skip_notes=_skip_notes(run.id, desk),
        filter_errors=[f"{name}: {message(error)}" for name, error in refused.items()],
        filter_choices=FILTER_CHOICES,
    )
    return html, 400 if refused else 200


def _skip_notes(run_id: int, desk: Sheet) -> dict[int, str]:
    """What each of the page's rows says of its last review: why a single verdict from this
    page was just refused (`row_flashes`), and why a bulk review left it open, if it did."""
    rows = (row.proposal for row in desk.rows)
    waiting = {p.id for p in rows if p.review_status is ReviewStatus.PROPOSED}
    notes = row_notes(left_open(db_session(), run_id, waiting))
    for proposal_id, text in row_flashes().items():
        notes[proposal_id] = " ".join(filter(None, (text, notes.get(proposal_id))))
    return notes


def _deal_page(run: MatchRun, deals: dict[int, int | None]) -> str:
    """A deal two farms agreed (`deals`: its run's id → their thread): the farms, the thread,
    the proposal to review and the receiving farm after it. A solver run's sections (its
    progress, totals, map, prices, exports, what it left out) say nothing of a deal."""
    proposals = run_proposals(db_session(), run.id)
    settings = app_state().settings
    return render_template(
        "review/deal.html",
        run=run,
        deals=deals,
        proposals=proposals,
        categories={p.id: category_of(p.lot) for p in proposals},
        shares=farm_shares(db_session(), proposals, settings.policy, today(settings)),
        form=ActionForm(),
        adjust_form=AdjustForm(),
        row_notes=row_flashes(),
    )


@bp.post("/runs/<int:run_id>/retry")
@coordinator_required
def retry(run_id: int) -> Response:
    """Another try at a run that found no solution: same scope, twice the time limit."""
    run = _run(run_id)
    limit = retry_limit(run, app_state().settings)
    if limit is None:
        abort(409)
    again = create_requested_run(current_user.id, lambda: scope_of(run), time_limit_s=limit)
    if commit_then_enqueue(app_state().producer, again.id, db_session().commit)[1]:
        seconds = format_number(limit, "#,##0.#")
        flash(_("A new run has been started with a time limit of %(s)s s.", s=seconds), "info")
    else:
        flash(_("The run is queued; the worker will pick it up when the queue is back."), "info")
    return redirect(url_for("review.show", run_id=again.id))


@bp.get("/runs/<int:run_id>/progress.json")
@coordinator_required
def progress_json(run_id: int) -> Response:
    """Codes for scripts, labels in the reader's language for the page."""
    state = progress(_run(run_id)).model_dump()
    labels = {
        "status_label": run_status_label(state["status"]),
        "phase_label": run_status_label(state["phase"]),
    }
    return jsonify({**state, **labels})


@bp.get("/runs/<int:run_id>/proposals.csv")
@coordinator_required
def export_csv(run_id: int) -> Response:
    body = to_csv(PROPOSAL_COLUMNS, _lines(_run(run_id)), current_locale()).encode()
    return _download(body, "text/csv", run_id, "csv")


@bp.get("/runs/<int:run_id>/proposals.xlsx")
@coordinator_required
def export_xlsx(run_id: int) -> Response:
    body = to_xlsx(_("Proposals"), PROPOSAL_COLUMNS, _lines(_run(run_id)))
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(body, mime, run_id, "xlsx")


def _lines(run: MatchRun) -> list[ProposalLine]:
    proposals = run_proposals(db_session(), run.id)
    return [ProposalLine(p, category_of(p.lot)) for p in proposals]


def _download(body: bytes, mime: str, run_id: int, ext: str) -> Response:
    response = Response(body, mimetype=mime)
    filename = f"mestmatch-run-{run_id}.{ext}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _run(run_id: int) -> MatchRun:
    run = db_session().get(MatchRun, run_id)
    if run is None:
        abort(404)
    return run
