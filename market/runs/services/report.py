"""What a run proposes, summed up for the review page, its map and its exports.

Totals count the proposals that are not rejected: what would move if the coordinator
approved the rest. The A-share per receiving farm is the calculator's (own manure, other
fertilisers and the run's proposals into the farm), so page and engine use one formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from market.accounts.services.calculator import Balance, farm_balance
from market.listings.services.listings import lot_origin
from market.models import Farm, Lot, Proposal, ReviewStatus, RunExplanation
from market.proposals.services.adjust import Flow, plus_flows


@dataclass(frozen=True)
class Totals:
    proposals: int
    tonnes: float
    n_kg: float
    a_n_kg: float
    tonne_km: float
    cost_eur: float


@dataclass(frozen=True)
class FarmShare:
    farm: Farm
    n_in_kg: float
    balance: Balance


def counted(proposals: list[Proposal]) -> list[Proposal]:
    return [p for p in proposals if p.review_status is not ReviewStatus.REJECTED]


def totals(proposals: list[Proposal]) -> Totals:
    rows = counted(proposals)
    return Totals(
        len(rows),
        sum(p.tonnes for p in rows),
        sum(p.n_kg for p in rows),
        sum(p.a_n_kg for p in rows),
        sum(p.tonnes * p.distance_km for p in rows),
        sum(p.cost_eur for p in rows),
    )


def farm_shares(
    proposals: list[Proposal], policy: Mapping[str, float], on: date
) -> list[FarmShare]:
    """Each receiving farm's accounts after the run's proposals into it (R1, R8)."""
    flows: dict[int, list[Flow]] = {}
    farms: dict[int, Farm] = {}
    for p in counted(proposals):
        farm = p.request.farm
        farms[farm.id] = farm
        flows.setdefault(farm.id, []).append(Flow(p.n_kg, p.a_n_kg, p.animal_n_kg))
    return [
        FarmShare(
            farm,
            sum(f.n_kg for f in flows[fid]),
            plus_flows(farm_balance(farm, policy, on), flows[fid]),
        )
        for fid, farm in sorted(farms.items(), key=lambda item: item[1].name)
    ]


def unplaced(session: Session, run_id: int) -> list[RunExplanation]:
    """Lots left (partly) unplaced, with the engine's reason, largest rest first."""
    query = (
        select(RunExplanation)
        .where(
            RunExplanation.run_id == run_id,
            RunExplanation.lot_id.is_not(None),
            RunExplanation.left_t > 0,
        )
        .options(joinedload(RunExplanation.lot).joinedload(Lot.farm))
        .order_by(RunExplanation.left_t.desc())
    )
    return list(session.scalars(query))


def lot_place(lot: Lot) -> tuple[float, float]:
    """A lot lies at its storage site when it has one, else at its farm."""
    if lot.lat is not None and lot.lon is not None:
        return (lot.lat, lot.lon)
    return (lot.farm.lat, lot.farm.lon)


def category_of(lot: Lot) -> str:
    from matching.rules import classify_lot

    return classify_lot(lot.kind, lot_origin(lot)).category


def flow_lines(proposals: list[Proposal], categories: Mapping[int, str]) -> list[dict[str, Any]]:
    """The map's lines: supplier → receiver, with tonnes (width) and category (colour).

    `categories` maps proposal id → its lot's category (classified once by the caller). The
    farms' names go as data (`supplier`, `receiver`); `static/js/map.js` writes the popup as
    text, with the tonnes in the page's language.
    """
    return [
        {
            "from": lot_place(p.lot),
            "to": (p.request.farm.lat, p.request.farm.lon),
            "tonnes": round(p.tonnes, 1),
            "category": categories[p.id],
            "supplier": p.lot.farm.name,
            "receiver": p.request.farm.name,
            "status": p.review_status.value,
        }
        for p in counted(proposals)
    ]
