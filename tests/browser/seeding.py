"""Rows the page-crawling browser tests add to the demo market: a reviewed run between two
demo farms, so run, proposal, delivery and paper pages have something to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.models import Farm, Lot, Request, ReviewStatus, RunPhase, RunStatus
from tests.factories import add_delivery, add_proposal, add_run


@dataclass(frozen=True)
class ReviewedRun:
    """The farms and listings of `reviewed_run`: De Terp supplies Akkerbouw Dronten."""

    supplier: Farm
    receiver: Farm
    lots: list[Lot]
    request: Request


def reviewed_run(session: Session, settings: Settings) -> ReviewedRun:
    """De Terp's slurry to Akkerbouw Dronten: one proposal approved and delivered, one not
    yet reviewed."""
    run = add_run(
        session,
        settings,
        status=RunStatus.SOLVED,
        phase=RunPhase.DONE,
        finished_at=datetime.now(UTC),
    )
    terp = session.scalars(select(Farm).where(Farm.name == "Melkveebedrijf De Terp")).one()
    dronten = session.scalars(select(Farm).where(Farm.name == "Akkerbouw Dronten")).one()
    lots = list(session.scalars(select(Lot).where(Lot.farm_id == terp.id).order_by(Lot.id)))
    request = session.scalars(select(Request).where(Request.farm_id == dronten.id)).first()
    assert request is not None and len(lots) == 2
    approved = add_proposal(
        session, run, lots[0].id, request.id, 60.0, review_status=ReviewStatus.APPROVED
    )
    add_delivery(session, approved)
    add_proposal(session, run, lots[1].id, request.id, 20.0)
    return ReviewedRun(terp, dronten, lots, request)
