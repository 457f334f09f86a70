"""What a run proposes, summed up for the review page, its map and its exports.

Totals count the proposals that are not rejected: what would move if the coordinator
approved the rest. The N room and A-share per receiving farm are the calculator's, over
what the run counted (`farm_accounts.season_balance`: own manure kept, other fertilisers,
what the year holds apart from the run) and the run's proposals into the farm, so page and
engine use one formula.
The legal surplus (`legal_surplus`) is what the run's livestock farms must move off the farm
and pay to be rid of: how much of it stayed, and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from market.accounts.services.calculator import Balance, Deliveries
from market.deliveries.services.papers import year_moved
from market.listings.services.listings import lot_origin
from market.models import Farm, Lot, Proposal, ReviewStatus, RunExplanation
from market.proposals.services.farm_accounts import Flow, plus_flows, season_balance
from market.proposals.services.season import Receipts, season


@dataclass(frozen=True)
class Totals:
    """The run's proposals summed, the rejected ones left out (`rejected`: how many, so the
    page can say so beside the desk's sums, which count every proposal shown)."""

    proposals: int
    rejected: int
    tonnes: float
    n_kg: float
    a_n_kg: float
    tonne_km: float
    cost_eur: float


@dataclass(frozen=True)
class SurplusReason:
    """One reason the engine gave (`code`, and its sentence `text` for an unknown code) and
    how many lots and tonnes of legal surplus it left."""

    code: str
    text: str
    lots: int
    left_t: float


@dataclass(frozen=True)
class Surplus:
    """The run's legal surplus: the tonnes its lots offered and left, by reason (most first)."""

    offered_t: float
    left_t: float
    reasons: tuple[SurplusReason, ...]

    @property
    def placed_t(self) -> float:
        return max(0.0, self.offered_t - self.left_t)


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
        len(proposals) - len(rows),
        sum(p.tonnes for p in rows),
        sum(p.n_kg for p in rows),
        sum(p.a_n_kg for p in rows),
        sum(p.tonnes * p.distance_km for p in rows),
        sum(p.cost_eur for p in rows),
    )


def farm_shares(
    session: Session, proposals: list[Proposal], policy: Mapping[str, float], on: date
) -> list[FarmShare]:
    """Each receiving farm's accounts after the run's proposals into it (R1, R8), counted as
    the run counted them (`season_balance`): its own manure kept, and what the year holds
    for it apart from this run (other runs' live proposals, deliveries not on this run's
    proposals) less the manure it passed on; then this run's proposals (`proposals`, all of
    one run)."""
    run_id = proposals[0].run_id if proposals else None
    year = season(session, on.year, but_run=run_id)
    moved = year_moved(session, on.year)
    flows: dict[int, list[Flow]] = {}
    farms: dict[int, Farm] = {}
    for p in counted(proposals):
        farm = p.request.farm
        farms[farm.id] = farm
        flows.setdefault(farm.id, []).append(Flow.of(p))
    return [
        FarmShare(
            farm,
            sum(f.n_kg for f in flows[fid]),
            plus_flows(
                season_balance(
                    farm,
                    policy,
                    on,
                    year.receipts.get(fid, Receipts()),
                    moved.get(fid, Deliveries()),
                ),
                flows[fid],
            ),
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


def legal_surplus(snapshot: Mapping[str, Any] | None, left: list[RunExplanation]) -> Surplus:
    """How much legal surplus stayed unplaced, and why (`left`: the run's `unplaced` lots).

    Legal surplus is the manure R3 makes an organic livestock farm place with another organic
    farm, and which it pays to be rid of otherwise: every lot of the run's instance with an
    outlet cost (`lots[].outlet_eur_per_t` > 0, INSTANCE.md of 2026-11-30), of organic origin,
    from an organic farm that keeps animals (`own_manure_n_kg` > 0). A conventional farm's
    manure is not (it has the conventional outlet), nor a product that is sold (outlet 0).
    Offered tonnes are the lots' open tonnes in the snapshot; a run from before outlet costs
    offers none.
    """
    doc = snapshot or {}
    farms = {farm["id"]: farm for farm in doc.get("farms", [])}
    offered = {
        _lot_id(lot["id"]): float(lot["tonnes"])
        for lot in doc.get("lots", [])
        if _is_legal_surplus(lot, farms.get(lot["farm"], {}))
    }
    groups: dict[str, list[RunExplanation]] = {}
    for row in left:
        if row.lot_id in offered:
            groups.setdefault(row.code, []).append(row)
    reasons = [
        SurplusReason(code, rows[0].text, len(rows), sum(row.left_t or 0.0 for row in rows))
        for code, rows in groups.items()
    ]
    reasons.sort(key=lambda reason: (-reason.left_t, reason.code))
    total_left = sum(reason.left_t for reason in reasons)
    return Surplus(sum(offered.values()), total_left, tuple(reasons))


def _is_legal_surplus(lot: Mapping[str, Any], farm: Mapping[str, Any]) -> bool:
    """An instance's lot and its farm: see `legal_surplus`."""
    return (
        (lot.get("outlet_eur_per_t") or 0) > 0
        and (lot.get("origin") or {}).get("status") == "organic"
        and farm.get("status") == "organic"
        and (farm.get("own_manure_n_kg") or 0) > 0
    )


def _lot_id(key: str) -> int:
    """The database id behind an instance's lot id ("L12" → 12; `worker.documents.row_id`)."""
    return int(key[1:])


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
    text, with the tonnes in the page's language. `price` is the suggested price in €/t
    (None without one), which `static/js/price_map.js` colours the price map by.
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
            "price": _cents(p.suggested_price_eur_per_t),
        }
        for p in counted(proposals)
    ]


def _cents(price: float | None) -> float | None:
    return None if price is None else round(price, 2)
