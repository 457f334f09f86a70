"""A farm's season: what the year's deliveries and live proposals brought it, and its R5 side.

For every farm in a calendar year: the N, A-N, animal N and P2O5 (kg) of what it received
(deliveries dated that year) or has been committed (the undelivered part of live proposals
made that year, `balance.is_live`), which the next run counts in its N room, A-share and
phosphate room (`worker.documents.farm_document`) and an adjustment counts in the farm's check;
and whether it exported organic manure or imported non-organic animal manure (R5,
clarification 1), committed or delivered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from market.listings.services.listings import lot_origin
from market.models import Delivery, Proposal, Request
from market.proposals.services.balance import (
    Weighed,
    counted_n_per_t,
    holding,
    is_live,
    other_than,
    undelivered_share,
    weighed_by_proposal,
)
from matching.rules import classify_lot


@dataclass(frozen=True)
class Receipts:
    """What a farm received or was committed in a year (kg): total N, its A part, its animal
    part (R1 room) and P2O5; `imported_nonorganic` for R5."""

    n_kg: float = 0.0
    a_n_kg: float = 0.0
    animal_n_kg: float = 0.0
    p2o5_kg: float = 0.0

    def plus(self, n_kg: float, a_n_kg: float, animal_n_kg: float, p2o5_kg: float) -> Receipts:
        return Receipts(
            self.n_kg + n_kg,
            self.a_n_kg + a_n_kg,
            self.animal_n_kg + animal_n_kg,
            self.p2o5_kg + p2o5_kg,
        )

    def less_passed_on(self, n_kg: float, a_n_kg: float) -> Receipts:
        """What of it stays on the farm once `n_kg` of animal-manure N (A part `a_n_kg`) was
        passed on (`calculator.passed_on`, kg), counted as the farm page counts it
        (`calculator.farm_balance`): off the N and the A part, and off the animal part but
        not below 0. The P2O5 stays as it was."""
        return Receipts(
            self.n_kg - n_kg,
            self.a_n_kg - a_n_kg,
            max(0.0, self.animal_n_kg - n_kg),
            self.p2o5_kg,
        )


@dataclass(frozen=True)
class Season:
    """Every farm's receipts and R5 sides in one calendar year (farm ids)."""

    receipts: dict[int, Receipts]
    exported_organic: set[int]
    imported_nonorganic: set[int]


def season(
    session: Session,
    year: int,
    but_proposal: int | None = None,
    but_run: int | None = None,
    receiver: int | None = None,
) -> Season:
    """What the year's deliveries and live proposals hold for every farm, leaving out
    proposal `but_proposal` (whose own figures a caller is about to change) or the proposals
    of run `but_run` and their deliveries (a review adds that run's plan itself). With
    `receiver` (a farm id) only what comes into that farm is read: its receipts are whole,
    the R5 sides hold only what those rows show (a check of one farm's room, repeated per
    proposal by an approve-all, then reads its own rows, not the year's)."""
    receipts: dict[int, Receipts] = defaultdict(Receipts)
    exported: set[int] = set()
    imported: set[int] = set()
    first, last = date(year, 1, 1), date(year, 12, 31)
    in_year = Delivery.delivered_on.between(first, last)
    for d in session.scalars(
        select(Delivery).where(
            in_year,
            other_than(Delivery.proposal_id, but_proposal),
            _outside_run(but_run),
            true() if receiver is None else Delivery.receiver_farm_id == receiver,
        )
    ):
        n = d.weighed_tonnes * counted_n_per_t(d.kind, d.n_kg_per_t)
        receipts[d.receiver_farm_id] = receipts[d.receiver_farm_id].plus(
            n, n * d.a_fraction, n * d.animal_fraction, d.weighed_tonnes * d.p2o5_kg_per_t
        )
        if d.organic_manure:
            exported.add(d.supplier_farm_id)
        elif d.animal_fraction > 0:
            imported.add(d.receiver_farm_id)
    made = Proposal.created_at.between(
        datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    )
    into = select(Request.id).where(Request.farm_id == receiver)
    live = holding(
        session,
        made,
        other_than(Proposal.id, but_proposal),
        other_than(Proposal.run_id, but_run),
        true() if receiver is None else Proposal.request_id.in_(into),
    )
    weighed = weighed_by_proposal(session, (p.id for p in live))
    for p in (p for p in live if is_live(p)):
        rest = undelivered_share(p, weighed.get(p.id, Weighed()))
        farm = p.request.farm_id
        receipts[farm] = receipts[farm].plus(
            rest * p.n_kg,
            rest * p.a_n_kg,
            rest * p.animal_n_kg,
            rest * p.tonnes * p.lot.p2o5_kg_per_t,
        )
        lot_class = classify_lot(p.lot.kind, lot_origin(p.lot))
        if lot_class.organic_manure:
            exported.add(p.lot.farm_id)
        elif lot_class.animal_fraction > 0:
            imported.add(farm)
    return Season(dict(receipts), exported, imported)


def _outside_run(run_id: int | None) -> ColumnElement[bool]:
    """Deliveries on no proposal of run `run_id` (or on none at all); no condition for None."""
    if run_id is None:
        return true()
    of_run = select(Proposal.id).where(Proposal.run_id == run_id)
    return or_(Delivery.proposal_id.is_(None), Delivery.proposal_id.not_in(of_run))
