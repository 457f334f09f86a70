"""A farm's yearly overview of manure in and out (N, P2O5, A-share) from the ledger.

What a farm shows Skal and RVO at the end of the year: every weighed delivery it received
or sent, with the sampled contents and the category of the day. The A-share is the
calculator's (R8): own manure and other fertilisers from the profile plus the N brought in,
so the paper and the farm page agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from market.accounts.services.calculator import Balance, farm_balance
from market.models import Delivery, Farm
from market.proposals.services.adjust import Flow, plus_flows


@dataclass(frozen=True)
class Side:
    """Sums over the deliveries in one direction (kg)."""

    deliveries: list[Delivery]

    @property
    def tonnes(self) -> float:
        return sum(d.weighed_tonnes for d in self.deliveries)

    @property
    def n_kg(self) -> float:
        return sum(d.n_kg for d in self.deliveries)

    @property
    def p2o5_kg(self) -> float:
        return sum(d.weighed_tonnes * d.p2o5_kg_per_t for d in self.deliveries)

    @property
    def a_n_kg(self) -> float:
        return sum(d.a_fraction * d.n_kg for d in self.deliveries)


@dataclass(frozen=True)
class YearOverview:
    farm: Farm
    year: int
    incoming: Side
    outgoing: Side
    balance: Balance  # the farm's accounts with this year's incoming deliveries


def year_overview(
    session: Session, farm: Farm, year: int, policy: Mapping[str, float]
) -> YearOverview:
    in_year = Delivery.delivered_on.between(date(year, 1, 1), date(year, 12, 31))
    query = (
        select(Delivery)
        .where(
            in_year, or_(Delivery.supplier_farm_id == farm.id, Delivery.receiver_farm_id == farm.id)
        )
        .options(joinedload(Delivery.supplier), joinedload(Delivery.receiver))
        .order_by(Delivery.delivered_on, Delivery.id)
    )
    rows = list(session.scalars(query))
    incoming = Side([d for d in rows if d.receiver_farm_id == farm.id])
    outgoing = Side([d for d in rows if d.supplier_farm_id == farm.id])
    flows = [
        Flow(d.n_kg, d.a_fraction * d.n_kg, d.animal_fraction * d.n_kg) for d in incoming.deliveries
    ]
    balance = plus_flows(farm_balance(farm, policy, date(year, 12, 31)), flows)
    return YearOverview(farm, year, incoming, outgoing, balance)


OVERVIEW_COLUMNS = (
    "direction",
    "delivered_on",
    "other_farm",
    "kind",
    "category",
    "tonnes",
    "n_kg",
    "p2o5_kg",
    "a_n_kg",
    "transport_document_no",
    "declaration_of_origin_no",
)


def overview_rows(overview: YearOverview) -> list[list[str | float | None]]:
    """One row per delivery in `OVERVIEW_COLUMNS` order (direction "in" or "out")."""
    rows: list[list[str | float | None]] = []
    for direction, side in (("in", overview.incoming), ("out", overview.outgoing)):
        for d in side.deliveries:
            other = d.supplier if direction == "in" else d.receiver
            rows.append(
                [
                    direction,
                    d.delivered_on.isoformat(),
                    other.name,
                    d.kind,
                    d.category,
                    round(d.weighed_tonnes, 3),
                    round(d.n_kg, 1),
                    round(d.weighed_tonnes * d.p2o5_kg_per_t, 1),
                    round(d.a_fraction * d.n_kg, 1),
                    d.transport_document_no,
                    d.declaration_of_origin_no,
                ]
            )
    return rows
