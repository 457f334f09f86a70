"""Public figures of the market for one year, from the delivery ledger (no personal data).

What the Nutrient Platform asks to measure: nutrients recycled (kg N, kg P2O5), the share
of N placed within the organic sector (organic or conversion receivers), the A-share of the
N delivered, and tonne-km driven; per province where the manure was applied. A province
with fewer than `MIN_GROUP` deliveries is merged into "other provinces" (and that row is
left out when it is still that small), so no row describes one or two identifiable farms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from market.listings.services.browse import great_circle_km
from market.models import Delivery, FarmStatus

MIN_GROUP = 3
OTHER = ""


@dataclass(frozen=True)
class Totals:
    """Sums over deliveries; shares are None when nothing was delivered."""

    deliveries: int = 0
    tonnes: float = 0.0
    n_kg: float = 0.0
    p2o5_kg: float = 0.0
    a_n_kg: float = 0.0
    organic_n_kg: float = 0.0
    tonne_km: float = 0.0

    @property
    def a_share(self) -> float | None:
        return self.a_n_kg / self.n_kg if self.n_kg > 0 else None

    @property
    def organic_share(self) -> float | None:
        return self.organic_n_kg / self.n_kg if self.n_kg > 0 else None

    def plus(self, delivery: Delivery, km: float) -> Totals:
        n_kg = delivery.n_kg
        organic = delivery.receiver.status is not FarmStatus.CONVENTIONAL
        return Totals(
            self.deliveries + 1,
            self.tonnes + delivery.weighed_tonnes,
            self.n_kg + n_kg,
            self.p2o5_kg + delivery.weighed_tonnes * delivery.p2o5_kg_per_t,
            self.a_n_kg + delivery.a_fraction * n_kg,
            self.organic_n_kg + (n_kg if organic else 0.0),
            self.tonne_km + delivery.weighed_tonnes * km,
        )


@dataclass(frozen=True)
class YearFigures:
    year: int
    total: Totals
    provinces: list[tuple[str, Totals]]  # OTHER ("") names the merged small provinces


def year_figures(session: Session, year: int, road_factor: float) -> YearFigures:
    """The year's figures; distances from the proposal, else great-circle × road factor."""
    query = (
        select(Delivery)
        .where(Delivery.delivered_on.between(date(year, 1, 1), date(year, 12, 31)))
        .options(
            joinedload(Delivery.supplier),
            joinedload(Delivery.receiver),
            joinedload(Delivery.proposal),
        )
    )
    total = Totals()
    by_province: defaultdict[str, Totals] = defaultdict(Totals)
    for delivery in session.scalars(query):
        km = _km(delivery, road_factor)
        total = total.plus(delivery, km)
        province = delivery.receiver.province
        by_province[province] = by_province[province].plus(delivery, km)
    return YearFigures(year, total, _grouped(by_province))


def _km(delivery: Delivery, road_factor: float) -> float:
    if delivery.proposal is not None:
        return delivery.proposal.distance_km
    supplier, receiver = delivery.supplier, delivery.receiver
    return road_factor * great_circle_km((supplier.lat, supplier.lon), (receiver.lat, receiver.lon))


def _grouped(by_province: Mapping[str, Totals]) -> list[tuple[str, Totals]]:
    """Provinces by N applied; the small ones merged at the end (left out if still small)."""
    shown = {name: row for name, row in by_province.items() if row.deliveries >= MIN_GROUP}
    small = _merge(row for name, row in by_province.items() if name not in shown)
    rows = sorted(shown.items(), key=lambda item: -item[1].n_kg)
    return rows + ([(OTHER, small)] if small.deliveries >= MIN_GROUP else [])


def _merge(rows: Iterable[Totals]) -> Totals:
    merged = Totals()
    for row in rows:
        merged = Totals(*(getattr(merged, f) + getattr(row, f) for f in _FIELDS))
    return merged


_FIELDS = ("deliveries", "tonnes", "n_kg", "p2o5_kg", "a_n_kg", "organic_n_kg", "tonne_km")
