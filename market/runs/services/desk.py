"""The coordinator's desk: a run's proposals filtered, sorted, paged and summed, and each run's
count of open, approved and superseded proposals.

Filters on columns (review state, kind, province, farm name) are SQL; the category is the
rulebook's (`matching.rules.classify_lot`, never stored), so that filter runs on the rows
the SQL returned, before sorting, summing and paging. Totals are those of the whole
filtered set, not of the page: what "approve the filtered set" would approve is what the
coordinator sees summed up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from market.models import Farm, Lot, Proposal, Request, ReviewStatus
from market.runs.schemas import ProposalQuery
from market.runs.services.report import category_of


@dataclass(frozen=True)
class Row:
    """A proposal on the run page, with its lot's category (A, A/B, B, C)."""

    proposal: Proposal
    category: str


@dataclass(frozen=True)
class Sums:
    """The filtered proposals summed, rejected ones included: how many (`open`: of them
    waiting for review; `rejected`: rejected, which the run's totals leave out), tonnes, kg N
    and transport cost in EUR."""

    proposals: int
    open: int
    rejected: int
    tonnes: float
    n_kg: float
    cost_eur: float


@dataclass(frozen=True)
class Sheet:
    """One page of a run's filtered proposals, and the filtered set's sums."""

    rows: list[Row]
    sums: Sums
    number: int
    pages: int
    per_page: int


@dataclass(frozen=True)
class RunCounts:
    """How many of a run's proposals wait for review, are approved, or were superseded by a
    later run; `superseded_run` when a later run replaced everything that was still open."""

    open: int = 0
    approved: int = 0
    superseded: int = 0

    @property
    def superseded_run(self) -> bool:
        return self.superseded > 0 and self.open == 0


def filtered(session: Session, run_id: int, query: ProposalQuery) -> list[Row]:
    """The run's proposals that pass every filter of `query`, in its order (a figure largest
    first; `farm`: supplier, then receiver, A-Z), with lots, requests and farms loaded."""
    rows = [Row(p, category_of(p.lot)) for p in session.scalars(_selection(run_id, query)).unique()]
    if query.category is not None:
        rows = [row for row in rows if row.category == query.category]
    return sorted(rows, key=_order(query.sort))


def sheet(session: Session, run_id: int, query: ProposalQuery) -> Sheet:
    """Page `query.page` of the filtered proposals (the last page when it asks beyond it)."""
    rows = filtered(session, run_id, query)
    pages = max(1, math.ceil(len(rows) / query.per_page))
    number = min(query.page, pages)
    start = (number - 1) * query.per_page
    return Sheet(rows[start : start + query.per_page], sums(rows), number, pages, query.per_page)


def sums(rows: Iterable[Row]) -> Sums:
    proposals = [row.proposal for row in rows]
    return Sums(
        len(proposals),
        sum(1 for p in proposals if p.review_status is ReviewStatus.PROPOSED),
        sum(1 for p in proposals if p.review_status is ReviewStatus.REJECTED),
        sum(p.tonnes for p in proposals),
        sum(p.n_kg for p in proposals),
        sum(p.cost_eur for p in proposals),
    )


def run_counts(session: Session, run_ids: Iterable[int]) -> dict[int, RunCounts]:
    """Each run's open, approved and superseded proposals (runs without any: all zero)."""
    ids = list(run_ids)
    found = session.execute(
        select(Proposal.run_id, Proposal.review_status, func.count())
        .where(Proposal.run_id.in_(ids))
        .group_by(Proposal.run_id, Proposal.review_status)
    ).all()
    tally: dict[int, dict[ReviewStatus, int]] = {run_id: {} for run_id in ids}
    for run_id, status, count in found:
        tally[run_id][status] = count
    return {
        run_id: RunCounts(
            counts.get(ReviewStatus.PROPOSED, 0),
            counts.get(ReviewStatus.APPROVED, 0),
            counts.get(ReviewStatus.SUPERSEDED, 0),
        )
        for run_id, counts in tally.items()
    }


def _selection(run_id: int, query: ProposalQuery) -> Select[Proposal]:
    supplier, receiver = aliased(Farm), aliased(Farm)
    statement = (
        select(Proposal)
        .join(Lot, Proposal.lot_id == Lot.id)
        .join(supplier, Lot.farm_id == supplier.id)
        .join(Request, Proposal.request_id == Request.id)
        .join(receiver, Request.farm_id == receiver.id)
        .where(Proposal.run_id == run_id)
        .options(
            joinedload(Proposal.lot).joinedload(Lot.farm),
            joinedload(Proposal.request).joinedload(Request.farm),
        )
    )
    if query.status is not None:
        statement = statement.where(Proposal.review_status == ReviewStatus(query.status))
    if query.kind is not None:
        statement = statement.where(Lot.kind == query.kind)
    if query.province is not None:
        statement = statement.where(
            or_(supplier.province == query.province, receiver.province == query.province)
        )
    if query.farm is not None:
        pattern = f"%{_escaped(query.farm.lower())}%"
        statement = statement.where(
            or_(
                func.lower(supplier.name).like(pattern, escape="\\"),
                func.lower(receiver.name).like(pattern, escape="\\"),
            )
        )
    return statement


def _escaped(text: str) -> str:
    """A farm name typed into the filter matches as text: % and _ are no wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


SortKey = tuple[str | float | int, ...]


def _order(sort: str) -> Callable[[Row], SortKey]:
    """The sort key of `sort` (`ProposalQuery.sort`); ties go by proposal id, so pages are
    stable."""
    figures: dict[str, Callable[[Proposal], float]] = {
        "n_kg": lambda p: p.n_kg,
        "tonnes": lambda p: p.tonnes,
        "distance": lambda p: p.distance_km,
        "cost": lambda p: p.cost_eur,
    }
    if sort == "farm":
        return lambda row: (
            row.proposal.lot.farm.name.lower(),
            row.proposal.request.farm.name.lower(),
            row.proposal.id,
        )
    figure = figures[sort]
    return lambda row: (-figure(row.proposal), row.proposal.id)
