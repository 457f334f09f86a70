"""A solved run with proposals, written as the worker writes them, for the review tests."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from market.models import (
    FarmerResponse,
    Lot,
    MatchRun,
    Proposal,
    ReviewStatus,
    RunExplanation,
    RunPhase,
    RunStatus,
)
from tests.web.conftest import state
from tests.web.market_helpers import lot_ids, request_ids

STARTED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def add_solved_run(app: Flask, tonnes: float = 120.0, **proposal: object) -> tuple[int, int]:
    """De Hoeve's cattle slurry (4.4 kg N/t) to Akkerbouw Zeeland: (run id, proposal id)."""
    lot_id, request_id = lot_ids(app, "De Hoeve")[0], request_ids(app, "Akkerbouw Zeeland")[0]
    with state(app).session_factory() as session:
        run = MatchRun(
            scope={"region": None, "from": None, "until": None},
            params={},
            solver="highs",
            gap=1e-4,
            status=RunStatus.SOLVED,
            phase=RunPhase.DONE,
            components_total=1,
            components_done=1,
            started_at=STARTED,
            finished_at=STARTED.replace(second=42),
        )
        row = Proposal(
            run=run,
            lot_id=lot_id,
            request_id=request_id,
            tonnes=tonnes,
            n_kg=4.4 * tonnes,
            a_n_kg=4.4 * tonnes,
            animal_n_kg=4.4 * tonnes,
            distance_km=37.2,
            cost_eur=5.58 * tonnes,
            lot_version=1,
            request_version=1,
            **proposal,
        )
        session.add(row)
        session.add(
            RunExplanation(
                run=run,
                lot_id=lot_ids(app, "De Hoeve")[1],
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
    with state(app).session_factory() as session:
        row = session.get(Proposal, proposal_id)
        assert row is not None
        session.expunge_all()
        return row


def lot_tonnes(app: Flask, farm: str) -> float:
    with state(app).session_factory() as session:
        return session.scalars(select(Lot.tonnes).where(Lot.id == lot_ids(app, farm)[0])).one()
