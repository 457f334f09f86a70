"""Proposals: coordinators review them (approve, reject, adjust); both farms answer them.

A coordinator's change needs the proposal's ETag (`If-Match`): two coordinators working on
one run cannot overwrite each other's decision unseen. Approval counts the tonnes already
approved for the lot under a row lock (`services.capacity`). A farmer sees only approved
proposals of their own farm; any other id is 404. The adjustment is read by `AdjustInput`;
answers are the `Proposal` output model (`schemas.py`).

A rejection and a decline may carry a reason, as on the pages: an optional JSON body
`{"reason": …}` (`ReasonInput`, the limits of the pages' reason field). No body is no reason,
so clients that send none go on working. The reason is stored like the page's (a rejection's
in `review_reason`, a decline's in the farm's `…_reason`) and a decline's is mailed to the
other farm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from market import models
from market.core.api import bp
from market.core.api.http import (
    answer,
    commit_answer,
    etag,
    json_body,
    page_of,
    paginate,
    require_match,
)
from market.core.api.query import query_args
from market.core.api.registry import View, named, operation
from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.locks import lock_proposals
from market.core.permissions import my_farm_id, party_row
from market.core.schemas import PageQuery, Schema
from market.core.validation import N_
from market.models import ReviewStatus
from market.proposals.notices import tell_answer, tell_approved, tell_rejected
from market.proposals.schemas import (
    AdjustInput,
    AnswerInput,
    DecisionInput,
    Proposal,
    ProposalFilters,
    ProposalPage,
    Reason,
)
from market.proposals.services.adjust import adjust_tonnes
from market.proposals.services.answers import farm_proposals, is_stale, respond
from market.proposals.services.capacity import Ground, review
from market.proposals.services.review import run_proposals
from market.runs.api import the_run

FARM_CHANGE: dict[str, Any] = {"scope": "write", "errors": (403, 404)}
COORDINATOR_CHANGE: dict[str, Any] = {**FARM_CHANGE, "if_match": True}


class ReasonInput(Schema):
    """A rejection's or a decline's optional reason, read like the pages' reason field:
    plain text, stripped, blank is none."""

    reason: Reason | None = None


def given_reason() -> str | None:
    """The body's reason; None when no body was sent (the body is optional). A body that is
    sent must be a JSON object `ReasonInput` accepts (400, 415, 422 naming `reason`)."""
    return json_body(ReasonInput).reason if request.get_data(cache=True) else None


def proposal_body(proposal: models.Proposal) -> Proposal:
    """The proposal with both farms' ids and whether a listing changed since the run."""
    return Proposal.of(
        proposal,
        supplier_farm_id=proposal.lot.farm_id,
        receiver_farm_id=proposal.request.farm_id,
        stale=is_stale(proposal),
    )


def proposal_tag(proposal: models.Proposal) -> str:
    """Review status, tonnes and answers: what two coordinators could overwrite. The API's
    ETag, and the `version` the review pages' approve and adjust forms carry
    (`views.decisions`)."""
    return etag(
        "Proposal",
        proposal.id,
        proposal.review_status.value,
        proposal.tonnes,
        proposal.supplier_response.value,
        proposal.receiver_response.value,
    )


def _seen(proposal_id: int) -> models.Proposal:
    """Any proposal for a coordinator; an approved one of their farm for a farmer; else 404."""
    proposal = party_row(models.Proposal, proposal_id)
    if not current_user.is_coordinator and proposal.review_status is not ReviewStatus.APPROVED:
        abort(404)
    return proposal


def _reviewable(proposal_id: int) -> models.Proposal:
    proposal = _seen(proposal_id)
    if not current_user.is_coordinator:
        abort(403, N_("Only coordinators review proposals."))
    lock_proposals(db_session(), [proposal])  # the ETag checked and the write are one
    require_match(proposal_tag(proposal))
    return proposal


@operation(
    bp,
    "GET",
    "/proposals",
    tag="proposals",
    summary="List proposals",
    response=ProposalPage,
    query=ProposalFilters,
    errors=(400, 403),
)
def list_proposals() -> Response:
    """A farmer: approved proposals in which my farm delivers or receives. A coordinator: all."""
    filters = query_args(ProposalFilters)
    farm_id = my_farm_id()
    if farm_id is not None:
        rows = farm_proposals(db_session(), farm_id)
        return page_of([row.proposal for row in rows], proposal_body)
    query: Any = select(models.Proposal).order_by(models.Proposal.id)
    if filters.run_id is not None:
        query = query.where(models.Proposal.run_id == filters.run_id)
    if filters.review_status is not None:
        query = query.where(models.Proposal.review_status == ReviewStatus(filters.review_status))
    return paginate(query, proposal_body)


@operation(
    bp,
    "GET",
    "/runs/{run_id}/proposals",
    tag="proposals",
    summary="A run's proposals",
    response=ProposalPage,
    query=PageQuery,
    errors=(403, 404),
)
def run_proposal_list(run_id: int) -> Response:
    """Coordinators: every proposal of the run, largest N first."""
    return page_of(run_proposals(db_session(), the_run(run_id).id), proposal_body)


@operation(
    bp,
    "GET",
    "/proposals/{proposal_id}",
    tag="proposals",
    summary="Read a proposal",
    response=Proposal,
    errors=(404,),
    etag=True,
)
def get_proposal(proposal_id: int) -> Response:
    """One proposal with both farms' answers and whether a listing changed since (stale)."""
    proposal = _seen(proposal_id)
    return answer(proposal_body(proposal), proposal_tag(proposal))


@operation(
    bp,
    "PATCH",
    "/proposals/{proposal_id}",
    tag="proposals",
    summary="Adjust a proposal's tonnes",
    body=AdjustInput,
    response=Proposal,
    **COORDINATOR_CHANGE,
)
def adjust(proposal_id: int) -> Response:
    """Coordinators: change the tonnes; rechecked against the lot, request, N room, A-share."""
    proposal = _reviewable(proposal_id)
    settings = app_state().settings
    data, on = json_body(AdjustInput), today(settings)
    adjust_tonnes(db_session(), proposal, current_user.id, data, settings.policy, on)
    return commit_answer(proposal_body(proposal), proposal_tag(proposal))


def _reviewed(proposal_id: int, yes: bool) -> models.Proposal:
    """A coordinator's verdict: approved (`yes`) or rejected."""
    proposal = _reviewable(proposal_id)
    verdict = DecisionInput(approve=yes, reason=None if yes else given_reason())
    settings = app_state().settings
    ground = Ground(settings.policy, today(settings))
    review(db_session(), proposal, current_user.id, verdict, ground)
    if yes:
        tell_approved([proposal])
    else:
        tell_rejected([proposal])
    return proposal


def _answered(proposal_id: int, yes: bool) -> models.Proposal:
    """My farm's answer: accepted (`yes`) or declined."""
    proposal = _seen(proposal_id)
    if current_user.is_coordinator:
        abort(403, N_("The farms answer proposals, not coordinators."))
    farm = db_session().get_one(models.Farm, current_user.farm_id)
    answer = AnswerInput(accept=yes, reason=None if yes else given_reason())
    tell_answer(farm, respond(db_session(), proposal, farm.id, answer), yes)
    return proposal


@dataclass(frozen=True)
class Verdict:
    """A yes or no on a proposal, `POST /proposals/{proposal_id}/<name>` (endpoint `name`):
    a coordinator's review or a farm's answer (`record`), and the words of its entry."""

    name: str
    yes: bool
    record: Callable[[int, bool], models.Proposal]
    options: dict[str, Any]
    summary: str
    doc: str


VERDICTS = (
    Verdict(
        "approve",
        True,
        _reviewed,
        COORDINATOR_CHANGE,
        "Approve a proposal",
        "Coordinators: approve; refused (422) if stale or the lot's tonnes are taken.",
    ),
    Verdict(
        "reject",
        False,
        _reviewed,
        {**COORDINATOR_CHANGE, "body": ReasonInput, "body_required": False},
        "Reject a proposal",
        "Coordinators: reject a proposal that has not been reviewed yet. The body is optional;"
        " its `reason` is stored with the proposal (`review_reason`).",
    ),
    Verdict(
        "accept",
        True,
        _answered,
        FARM_CHANGE,
        "Accept a proposal (farmer)",
        "My farm's answer: yes. Refused (422) if stale or already answered.",
    ),
    Verdict(
        "decline",
        False,
        _answered,
        {**FARM_CHANGE, "body": ReasonInput, "body_required": False},
        "Decline a proposal (farmer)",
        "My farm's answer: no. The body is optional; its `reason` is stored with the answer"
        " (`supplier_reason` or `receiver_reason`) and mailed to the other farm.",
    ),
)


def _verdict(verdict: Verdict) -> View:
    """The handler recording `verdict` and answering the proposal as it is now."""

    def handler(proposal_id: int) -> Response:
        proposal = verdict.record(proposal_id, verdict.yes)
        return commit_answer(proposal_body(proposal), proposal_tag(proposal))

    return handler


def _serve_verdicts() -> None:
    """Register one operation per entry of `VERDICTS`."""
    for verdict in VERDICTS:
        path = f"/proposals/{{proposal_id}}/{verdict.name}"
        operation(
            bp,
            "POST",
            path,
            tag="proposals",
            summary=verdict.summary,
            response=Proposal,
            **verdict.options,
        )(named(_verdict(verdict), verdict.name, verdict.doc))


_serve_verdicts()
