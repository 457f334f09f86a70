"""The season's balance: what each lot, request and farm already holds in commitments.

One proposal *holds* a share of its lot and its request while it is approved and no farm has
declined it; weighed deliveries hold what they weighed, whatever became of the proposal. So a
proposal holds max(its tonnes if live, tonnes delivered on it); in N (kg) it holds what its
deliveries brought at their weighed samples plus the undelivered share of its proposed N
(`held_n_kg`), as its farm's season counts it.
Deliveries booked on a lot without a proposal hold that lot's tonnes too. From that:
- a lot (aanbod): offered t, committed t (held, deliveries included), delivered t, open t =
  max(0, offered − committed), and a status;
- a request (vraag): the same in kg N;
- a farm in a calendar year: `season.py`.
Runs solve the open quantities (`worker.mapping`), and every guarded operation
(`proposals.services.guarded`) checks them after taking the rows' locks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from market.models import (
    BalanceStatus,
    Delivery,
    FarmerResponse,
    ListingStatus,
    Lot,
    Proposal,
    Request,
    ReviewStatus,
)
from matching.rules import champost_n_kg_per_t

#: Quantities within this of each other are equal (tonnes and kg N are solver floats).
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Balance:
    """One listing's figures, in tonnes for a lot and kg N for a request."""

    offered: float
    committed: float
    delivered: float
    withdrawn: bool = False

    @property
    def open(self) -> float:
        """What runs may still propose: nothing once withdrawn."""
        return 0.0 if self.withdrawn else max(0.0, self.offered - self.committed)

    @property
    def status(self) -> BalanceStatus:
        if self.withdrawn:
            return BalanceStatus.WITHDRAWN
        if self.open <= TOLERANCE:
            all_weighed = self.delivered >= self.committed - TOLERANCE
            return BalanceStatus.DELIVERED if all_weighed else BalanceStatus.COMMITTED
        if self.committed > TOLERANCE:
            return BalanceStatus.PARTLY_COMMITTED
        return BalanceStatus.OPEN


@dataclass(frozen=True)
class Weighed:
    """The deliveries booked on one proposal: tonnes and kg N."""

    tonnes: float = 0.0
    n_kg: float = 0.0


#: A proposal without deliveries.
NOTHING_WEIGHED = Weighed()


def still_due(weighed: Any, tonnes: Any, tolerance: float) -> Any:
    """Whether a proposal of `tonnes` t with `weighed` t delivered on it waits for another
    delivery: less weighed than its tonnes less the weighing `tolerance`
    (`Settings.delivery_tolerance`, 0.10 = 10 %, the margin a delivery may also go over). A
    proposal is often delivered in several loads: one load of many leaves it due, a last
    load a little short of it does not. Floats or SQL expressions alike (the farm's "My
    proposals" and the deliveries page's list, `lists.awaiting_delivery`)."""
    return weighed < tonnes * (1 - tolerance) - TOLERANCE


def is_live(proposal: Proposal) -> bool:
    """Approved and declined by neither farm: it holds its tonnes and N."""
    return (
        proposal.review_status is ReviewStatus.APPROVED
        and proposal.supplier_response is not FarmerResponse.DECLINED
        and proposal.receiver_response is not FarmerResponse.DECLINED
    )


def held_tonnes(proposal: Proposal, weighed: Weighed) -> float:
    return max(proposal.tonnes if is_live(proposal) else 0.0, weighed.tonnes)


def undelivered_share(proposal: Proposal, weighed: Weighed) -> float:
    """The part (0–1) of `proposal` still to come: of a live one, the tonnes not yet weighed
    on it over its tonnes (`share_to_come`); of any other, nothing. Its N, A part and animal
    part still count at this share of the proposal's figures, what was weighed at the
    delivery's sample."""
    return share_to_come(proposal.tonnes, weighed) if is_live(proposal) else 0.0


def share_to_come(tonnes: float, weighed: Weighed) -> float:
    """Of a live holding of `tonnes` t, the part (0–1) not yet weighed."""
    return max(0.0, 1.0 - weighed.tonnes / tonnes) if tonnes > 0 else 0.0


def held_n_kg(proposal: Proposal, weighed: Weighed) -> float:
    """The N (kg) `proposal` holds as the ledger counts it: what its deliveries brought at
    their weighed samples, plus the undelivered share of its proposed N. A request's
    balance, its farm's season (`season.season`) and an approval's or adjustment's check
    (`capacity.check_fits`, `n_to_hold`) all count this, so the pages and the checks agree."""
    return weighed.n_kg + undelivered_share(proposal, weighed) * proposal.n_kg


def n_to_hold(tonnes: float, n_kg: float, weighed: Weighed) -> float:
    """The N (kg) a live proposal of `tonnes` t and `n_kg` kg N would hold (`held_n_kg`)."""
    return weighed.n_kg + share_to_come(tonnes, weighed) * n_kg


def counted_n_per_t(kind: str, n_kg_per_t: float) -> float:
    """The N per tonne (kg/t) the rules count for a delivery: its sample's, but champost's
    fixed figure whatever its analysis says (R7, `matching.rules.champost_n_kg_per_t`), as the
    proposal and the approval counted it."""
    return champost_n_kg_per_t() if kind == "champost" else n_kg_per_t


def counted_n_per_t_column() -> ColumnElement[float]:
    """`counted_n_per_t` of a `Delivery` row, in SQL."""
    return case((Delivery.kind == "champost", champost_n_kg_per_t()), else_=Delivery.n_kg_per_t)


def weighed_by_proposal(session: Session, proposal_ids: Iterable[int]) -> dict[int, Weighed]:
    """Σ weighed tonnes and kg N of the deliveries on each proposal."""
    ids = list(set(proposal_ids))
    if not ids:
        return {}
    query = (
        select(
            Delivery.proposal_id,
            func.sum(Delivery.weighed_tonnes),
            func.sum(Delivery.weighed_tonnes * counted_n_per_t_column()),
        )
        .where(Delivery.proposal_id.in_(ids))
        .group_by(Delivery.proposal_id)
    )
    return {pid: Weighed(float(t), float(n)) for pid, t, n in session.execute(query) if pid}


def lot_balances(
    session: Session, lots: Iterable[Lot], but: int | None = None
) -> dict[int, Balance]:
    """Each lot's balance (tonnes), by lot id, leaving out proposal `but` (and what was
    weighed on it)."""
    lots = list(lots)
    ids = [lot.id for lot in lots]
    committed, delivered = _sums(
        session, Proposal.lot_id.in_(ids), but, "lot_id", held_tonnes, lambda w: w.tonnes
    )
    loose = (
        select(Delivery.lot_id, func.sum(Delivery.weighed_tonnes))
        .where(Delivery.lot_id.in_(ids), Delivery.proposal_id.is_(None))
        .group_by(Delivery.lot_id)
    )
    for lot_id, tonnes in session.execute(loose):
        if lot_id is not None:  # the query asks for these lots only; the column is nullable
            committed[lot_id] += float(tonnes)
            delivered[lot_id] += float(tonnes)
    return {
        lot.id: Balance(
            lot.tonnes, committed[lot.id], delivered[lot.id], lot.status is ListingStatus.WITHDRAWN
        )
        for lot in lots
    }


def request_balances(
    session: Session, requests: Iterable[Request], but: int | None = None
) -> dict[int, Balance]:
    """Each request's balance (kg N), by request id, leaving out proposal `but`."""
    requests = list(requests)
    ids = [r.id for r in requests]
    committed, delivered = _sums(
        session, Proposal.request_id.in_(ids), but, "request_id", held_n_kg, lambda w: w.n_kg
    )
    return {
        r.id: Balance(r.n_kg, committed[r.id], delivered[r.id], r.status is ListingStatus.WITHDRAWN)
        for r in requests
    }


def _sums(
    session: Session,
    where: ColumnElement[bool],
    but: int | None,
    listing: str,
    held: Callable[[Proposal, Weighed], float],
    weighed_part: Callable[[Weighed], float],
) -> tuple[dict[int, float], dict[int, float]]:
    """Held and weighed amounts of the proposals `where` selects (but `but`), summed by the
    proposal's `listing` column (`lot_id` or `request_id`)."""
    proposals = holding(session, where, other_than(Proposal.id, but))
    weighed = weighed_by_proposal(session, (p.id for p in proposals))
    committed: dict[int, float] = defaultdict(float)
    delivered: dict[int, float] = defaultdict(float)
    for p in proposals:
        part = weighed.get(p.id, Weighed())
        committed[getattr(p, listing)] += held(p, part)
        delivered[getattr(p, listing)] += weighed_part(part)
    return committed, delivered


def still_open(balances: Mapping[int, Balance]) -> dict[int, float]:
    """What is open of each listing in `balances` (by id, as `lot_balances` and
    `request_balances` give them) that has anything open: a fully taken one is left out. The
    market's lists (the front page, browsing) show each listing at this amount."""
    return {i: balance.open for i, balance in balances.items() if balance.open > TOLERANCE}


def lot_balance(session: Session, lot: Lot) -> Balance:
    return lot_balances(session, [lot])[lot.id]


def request_balance(session: Session, request: Request) -> Balance:
    return request_balances(session, [request])[request.id]


def listing_balance(session: Session, listing: Lot | Request) -> Balance:
    """A lot's balance (t) or a request's (kg N), for the pages and checks that treat both
    sides of the market alike."""
    if isinstance(listing, Lot):
        return lot_balance(session, listing)
    return request_balance(session, listing)


def other_than(column: InstrumentedAttribute[Any], value: int | None) -> ColumnElement[bool]:
    """`column` is not `value` (NULL passes); no condition at all for None."""
    if value is None:
        return true()
    return or_(column.is_(None), column != value)


def holding(session: Session, *where: ColumnElement[bool]) -> list[Proposal]:
    """Proposals that may hold quantities: approved ones, and any with a delivery."""
    delivered = select(Delivery.proposal_id).where(Delivery.proposal_id.is_not(None))
    query = (
        select(Proposal)
        .where(
            *where,
            or_(Proposal.review_status == ReviewStatus.APPROVED, Proposal.id.in_(delivered)),
        )
        .options(joinedload(Proposal.lot), joinedload(Proposal.request))
    )
    return list(session.scalars(query).unique())
