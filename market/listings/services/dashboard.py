"""The farmer's dashboard on "My listings": why each listing is (partly) unplaced, and its
proposals as the farm sees them.

The reason is the latest run's `RunExplanation` for the lot or request (its `code` is the
engine's message id, which the page translates with `market.core.labels.reasons`). The
proposals shown are those the farm has been shown or takes part in: approved ones (and
approved ones cancelled since, with the reason), and every proposal of a deal the farm agreed
in a thread (proposed while it waits for the coordinator, rejected with the coordinator's
reason). A run's proposals still unreviewed are the coordinator's business, not shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from market.interest.services.deals import is_deal_run
from market.listings.services.listings import lot_origin
from market.models import Farm, FarmerResponse, Lot, Proposal, Request, ReviewStatus, RunExplanation
from matching.rules import classify_lot

#: Review states a farm has been shown (a run's `proposed`, `stale`, `superseded` and
#: `rejected` ones never were, unless the proposal is a deal the farms agreed themselves).
SHOWN = (ReviewStatus.APPROVED, ReviewStatus.CANCELLED)


@dataclass(frozen=True)
class DashboardProposal:
    """One proposal of a listing, as its farm reads it: the other farm, the farm's own answer,
    the lot's category, the days delivery is allowed (from, until: None is open-ended) and
    whether it is a deal. The days are the proposal's delivery window (the listings' windows
    and the legal spreading period, as the run allowed them); a proposal made before runs
    gave one, or open on a side, shows the days both listings allow there."""

    proposal: Proposal
    counterpart: Farm
    my_response: FarmerResponse
    category: str
    window_from: date
    window_until: date | None
    deal: bool


def latest_reasons(
    session: Session, lots: Iterable[Lot], requests: Iterable[Request]
) -> tuple[dict[int, RunExplanation], dict[int, RunExplanation]]:
    """The newest run's explanation of each lot and of each request, by id."""
    lot_ids, request_ids = [lot.id for lot in lots], [request.id for request in requests]
    query = (
        select(RunExplanation)
        .where(or_(RunExplanation.lot_id.in_(lot_ids), RunExplanation.request_id.in_(request_ids)))
        .order_by(RunExplanation.run_id.desc(), RunExplanation.id.desc())
    )
    by_lot: dict[int, RunExplanation] = {}
    by_request: dict[int, RunExplanation] = {}
    for row in session.scalars(query):
        if row.lot_id is not None:
            by_lot.setdefault(row.lot_id, row)
        elif row.request_id is not None:
            by_request.setdefault(row.request_id, row)
    return by_lot, by_request


def listing_proposals(
    session: Session, farm_id: int, lots: Iterable[Lot], requests: Iterable[Request]
) -> tuple[dict[int, list[DashboardProposal]], dict[int, list[DashboardProposal]]]:
    """The proposals of each of the farm's lots and requests (see the module), newest first."""
    lot_ids, request_ids = [lot.id for lot in lots], [request.id for request in requests]
    query = (
        select(Proposal)
        .join(Proposal.run)
        .where(or_(Proposal.lot_id.in_(lot_ids), Proposal.request_id.in_(request_ids)))
        .options(
            joinedload(Proposal.run),
            joinedload(Proposal.lot).joinedload(Lot.farm),
            joinedload(Proposal.request).joinedload(Request.farm),
        )
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )
    by_lot: dict[int, list[DashboardProposal]] = {}
    by_request: dict[int, list[DashboardProposal]] = {}
    for proposal in session.scalars(query).unique():
        deal = is_deal_run(proposal.run)
        if not deal and proposal.review_status not in SHOWN:
            continue
        supplier = proposal.lot.farm_id == farm_id
        row = _row(proposal, deal, supplier)
        if supplier:
            by_lot.setdefault(proposal.lot_id, []).append(row)
        else:
            by_request.setdefault(proposal.request_id, []).append(row)
    return by_lot, by_request


def _row(proposal: Proposal, deal: bool, supplier: bool) -> DashboardProposal:
    lot, request = proposal.lot, proposal.request
    untils = [day for day in (lot.available_until, request.wanted_until) if day is not None]
    return DashboardProposal(
        proposal=proposal,
        counterpart=request.farm if supplier else lot.farm,
        my_response=proposal.supplier_response if supplier else proposal.receiver_response,
        category=classify_lot(lot.kind, lot_origin(lot)).category,
        window_from=proposal.delivery_from or max(lot.available_from, request.wanted_from),
        window_until=proposal.delivery_until or (min(untils) if untils else None),
        deal=deal,
    )
