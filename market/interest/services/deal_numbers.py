"""A deal's own number, for its name ("Deal 1"), not its run's id.

A deal is stored as a run of its own (`market.interest.services.deals`), so its run id counts
the solver's runs too: the first deal after run 1 would be "Deal 2". The name counts deals
only, in the order they were agreed (run ids grow with time); every page that names a deal
asks here (`review/_name.html` through the `deal_number` template global; the audit log
for a page of entries at once through `deal_numbers`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from market.models import MatchRun
from market.models.runs import DEAL_SOLVER


def deal_number(session: Session, run_id: int) -> int:
    """How many deals were agreed up to and including the deal run `run_id`."""
    query = select(func.count()).where(MatchRun.solver == DEAL_SOLVER, MatchRun.id <= run_id)
    return session.scalar(query) or 0


def deal_numbers(session: Session, run_ids: Iterable[int]) -> dict[int, int]:
    """The deal runs among `run_ids`, each with its own number (as `deal_number` counts it),
    in one query; a solver's run, or an id of no run, is left out."""
    wanted = set(run_ids)
    if not wanted:
        return {}
    number = func.row_number().over(order_by=MatchRun.id).label("number")
    deals = select(MatchRun.id, number).where(MatchRun.solver == DEAL_SOLVER).subquery()
    query = select(deals.c.id, deals.c.number).where(deals.c.id.in_(wanted))
    return {run_id: number for run_id, number in session.execute(query)}
