"""Public figures from the ledger: sums, shares, tonne-km, small provinces merged or hidden."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from market.figures.services import OTHER, year_figures
from market.models import Delivery, Farm, FarmStatus
from tests.factories import add_farm as make_farm


def deliver(
    session: Session,
    supplier: Farm,
    receiver: Farm,
    tonnes: float,
    a: float = 1.0,
    day: date = date(2026, 3, 1),
) -> None:
    session.add(
        Delivery(
            supplier_farm_id=supplier.id,
            receiver_farm_id=receiver.id,
            kind="cattle_slurry",
            category="A",
            a_fraction=a,
            organic_manure=True,
            animal_fraction=1.0,
            delivered_on=day,
            weighed_tonnes=tonnes,
            n_kg_per_t=4.0,
            p2o5_kg_per_t=1.5,
        )
    )
    session.flush()


def test_sums_shares_and_provinces(db: Session) -> None:
    """Three suppliers and three receivers per province, so every figure is shown
    (`MIN_FARMS`); a delivery of another year does not count."""
    suppliers = [make_farm(db, name=f"S{i}", lat=52.0, lon=5.0) for i in range(3)]
    utrecht = [make_farm(db, name=f"U{i}", province="Utrecht", lat=52.0, lon=5.0) for i in range(3)]
    zeeland = [
        make_farm(
            db, name=f"Z{i}", province="Zeeland", status=FarmStatus.CONVENTIONAL, lat=52.0, lon=5.0
        )
        for i in range(3)
    ]
    for supplier, receiver in zip(suppliers, utrecht, strict=True):
        deliver(db, supplier, receiver, 100.0)
    for supplier, receiver in zip(suppliers, zeeland, strict=True):
        deliver(db, supplier, receiver, 50.0, a=0.0)
    deliver(db, suppliers[0], utrecht[0], 999.0, day=date(2025, 12, 31))
    figures = year_figures(db, 2026, road_factor=1.3)
    total = figures.total
    assert (total.deliveries, total.tonnes, total.n_kg, total.p2o5_kg) == (6, 450, 1800, 675)
    assert total.a_share == pytest.approx(1200 / 1800)
    assert total.organic_share == pytest.approx(1200 / 1800)
    assert total.tonne_km == 0.0
    assert [name for name, _ in figures.provinces] == ["Utrecht", "Zeeland"]


def test_small_provinces_are_merged_and_hidden_when_still_small(db: Session) -> None:
    """Provinces below three farms on a side merge into "other provinces"; while that group
    is still below three, it is hidden too."""
    suppliers = [make_farm(db, name=f"S{i}", lat=52.0, lon=5.0) for i in range(3)]
    farms = [
        make_farm(db, name=p, province=p, lat=53.0, lon=5.0)
        for p in ("Drenthe", "Limburg", "Zeeland")
    ]
    deliver(db, suppliers[0], farms[0], 10.0)
    deliver(db, suppliers[1], farms[1], 10.0)
    figures = year_figures(db, 2026, road_factor=1.0)
    assert figures.provinces == []
    deliver(db, suppliers[2], farms[2], 10.0)
    assert [name for name, _ in year_figures(db, 2026, 1.0).provinces] == [OTHER]
