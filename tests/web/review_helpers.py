"""A solved run with proposals, written as the worker writes them, for the review tests."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from market.models import (
    FarmerResponse,
    Lot,
    Proposal,
    ReviewStatus,
    RunExplanation,
    RunPhase,
    RunStatus,
)
from tests.conftest import load, state
from tests.factories import add_proposal, add_run
from tests.web.market_helpers import lot_ids, request_ids

STARTED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def add_solved_run(app: Flask, tonnes: float = 120.0, **proposal: object) -> tuple[int, int]:
    """De Hoeve's cattle slurry (4.4 kg N/t) to Akkerbouw Zeeland: (run id, proposal id)."""
    lots, request_id = lot_ids(app, "De Hoeve"), request_ids(app, "Akkerbouw Zeeland")[0]
    with state(app).session_factory() as session:
        run = add_run(
            session,
            status=RunStatus.SOLVED,
            phase=RunPhase.DONE,
            components_total=1,
            components_done=1,
            started_at=STARTED,
            finished_at=STARTED.replace(second=42),
        )
        row = add_proposal(session, run, lots[0], request_id, tonnes, **proposal)
        session.add(
            RunExplanation(
                run=run,
                lot_id=lots[1],
                code="category_c",
                text="Category C fertiliser may not be used on organic farms.",
                placed_t=0.0,
                left_t=80.0,
            )
        )
        session.commit()
        return run.id, row.id


def agreed_proposal(app: Flask) -> int:
    """An approved proposal both farms accepted: ready for a delivery."""
    _, proposal_id = add_solved_run(
        app,
        review_status=ReviewStatus.APPROVED,
        supplier_response=FarmerResponse.ACCEPTED,
        receiver_response=FarmerResponse.ACCEPTED,
    )
    return proposal_id


def proposal_row(app: Flask, proposal_id: int) -> Proposal:
    return load(app, Proposal, proposal_id)


def lot_tonnes(app: Flask, farm: str) -> float:
    with state(app).session_factory() as session:
        return session.scalars(select(Lot.tonnes).where(Lot.id == lot_ids(app, farm)[0])).one()


def add_run_without_solution(app: Flask, time_limit_s: float | None) -> int:
    """A finished run whose solver stopped without a feasible plan (issue 14)."""
    with state(app).session_factory() as session:
        run = add_run(
            session,
            scope={"region": "Zeeland", "from": "2026-03-01", "until": None},
            status=RunStatus.NO_SOLUTION,
            phase=RunPhase.DONE,
            time_limit_s=time_limit_s,
        )
        session.commit()
        return run.id
