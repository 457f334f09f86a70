"""Public figures of the market for one year, from the delivery ledger (no personal data).

What the Nutrient Platform asks to measure: nutrients recycled (kg N, kg P2O5), the share
of N placed within the organic sector (organic or conversion receivers), the A-share of the
N delivered, and tonne-km driven; per province where the manure was applied.

No figure may describe one or two farms: a group of deliveries is published only when it
comes from at least `MIN_FARMS` supplying farms *and* goes to at least `MIN_FARMS` receiving
farms (the threshold rule of statistical disclosure control; 3 is this project's choice, the
usual minimum). Provinces below it are merged into "other provinces"; when that group is
still too small, the smallest shown province joins it (secondary suppression), so no hidden
group can be worked out as the year's total minus the shown provinces. A year below the
threshold shows no figures at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from market.listings.services.browse import great_circle_km
from market.models import Delivery, FarmStatus

MIN_FARMS = 3
OTHER = ""


@dataclass(frozen=True)
class Totals:
    """Sums over deliveries and the farms on either side; shares are None when nothing was
    delivered."""

    deliveries: int = 0
    tonnes: float = 0.0
    n_kg: float = 0.0
    p2o5_kg: float = 0.0
    a_n_kg: float = 0.0
    organic_n_kg: float = 0.0
    tonne_km: float = 0.0
    suppliers: frozenset[int] = field(default_factory=frozenset)
    receivers: frozenset[int] = field(default_factory=frozenset)

    @property
    def a_share(self) -> float | None:
        return self.a_n_kg / self.n_kg if self.n_kg > 0 else None

    @property
    def organic_share(self) -> float | None:
        return self.organic_n_kg / self.n_kg if self.n_kg > 0 else None

    @property
    def publishable(self) -> bool:
        """At least `MIN_FARMS` farms on each side: no figure describes one or two farms."""
        return min(len(self.suppliers), len(self.receivers)) >= MIN_FARMS

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
            self.suppliers | {delivery.supplier_farm_id},
            self.receivers | {delivery.receiver_farm_id},
        )

    def merged(self, other: Totals) -> Totals:
        """Both groups' sums; a farm on both counts once."""
        return Totals(
            self.deliveries + other.deliveries,
            self.tonnes + other.tonnes,
            self.n_kg + other.n_kg,
            self.p2o5_kg + other.p2o5_kg,
            self.a_n_kg + other.a_n_kg,
            self.organic_n_kg + other.organic_n_kg,
            self.tonne_km + other.tonne_km,
            self.suppliers | other.suppliers,
            self.receivers | other.receivers,
        )


@dataclass(frozen=True)
class YearFigures:
    """`provinces` holds only publishable rows, by N applied, OTHER ("") last."""

    year: int
    total: Totals
    provinces: list[tuple[str, Totals]]


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
    """Publishable provinces by N applied, then the rest merged as OTHER.

    While the merged rest is too small to publish, the smallest shown province joins it:
    otherwise the total minus the shown rows would give the hidden farms away.
    """
    rows = sorted(by_province.items(), key=lambda item: -item[1].n_kg)
    shown = [(name, row) for name, row in rows if row.publishable]
    rest = _merge(row for _, row in rows if not row.publishable)
    while rest.deliveries and not rest.publishable and shown:
        rest = rest.merged(shown.pop()[1])
    return shown + ([(OTHER, rest)] if rest.deliveries and rest.publishable else [])


def _merge(rows: Iterable[Totals]) -> Totals:
    merged = Totals()
    for row in rows:
        merged = merged.merged(row)
    return merged
