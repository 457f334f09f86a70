"""The delivery ledger and the R5 flags it decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.listings.schemas import LotInput
from market.listings.services.listings import create_lot
from market.models import Farm, FarmStatus
from market.proposals.services.season import season
from tests.factories import add_farm as make_farm
from tests.market.conftest import LOT_FORM


@dataclass(frozen=True)
class Classified:
    """A classification as `matching.classify_lot` would give it."""

    category: str
    a_fraction: float
    organic_manure: bool
    animal_fraction: float


ORGANIC_SLURRY = Classified("A", 1.0, True, 1.0)
CONVENTIONAL_SLURRY = Classified("B", 0.0, False, 1.0)
GREEN_COMPOST = Classified("A", 1.0, False, 0.0)
WEIGHED: dict[str, Any] = {
    "delivered_on": date(2026, 3, 20),
    "weighed_tonnes": 31.5,
    "transport_document_no": "VDM-2026-000123",
}


def deliver(
    db: Session, supplier: Farm, receiver: Farm, lot_class: Classified, **data: Any
) -> None:
    lot = create_lot(db, supplier, LotInput(**LOT_FORM))
    record_delivery(db, lot, receiver, lot_class, parse(Weighing, {**WEIGHED, **data}))


def test_a_delivery_keeps_the_classification_and_the_papers(db: Session) -> None:
    supplier, receiver = make_farm(db), make_farm(db, name="Akkerbouw Zuid")
    lot = create_lot(
        db,
        supplier,
        LotInput(**LOT_FORM, intermediary_name="Mesthandel Oost", intermediary_skal_approved=True),
    )
    weighed = parse(Weighing, {**WEIGHED, "n_kg_per_t": 4.0})
    delivery = record_delivery(db, lot, receiver, ORGANIC_SLURRY, weighed)
    assert (delivery.category, delivery.organic_manure, delivery.kind) == ("A", True, lot.kind)
    assert delivery.n_kg == pytest.approx(31.5 * 4.0)
    assert delivery.p2o5_kg_per_t == lot.p2o5_kg_per_t
    assert (delivery.intermediary_name, delivery.transport_document_no) == (
        "Mesthandel Oost",
        "VDM-2026-000123",
    )


def test_exporting_organic_manure_is_seen_in_its_year_only(db: Session) -> None:
    supplier, receiver = make_farm(db), make_farm(db, name="Akkerbouw Zuid")
    deliver(db, supplier, receiver, ORGANIC_SLURRY)
    assert season(db, 2026).exported_organic == {supplier.id}
    assert season(db, 2027).exported_organic == set()
    assert season(db, 2026).receipts[receiver.id].n_kg == pytest.approx(31.5 * 4.4)


def test_only_nonorganic_animal_manure_makes_an_importer(db: Session) -> None:
    supplier = make_farm(db, status=FarmStatus.CONVENTIONAL)
    compost_user, slurry_user = make_farm(db, name="A"), make_farm(db, name="B")
    deliver(db, supplier, compost_user, GREEN_COMPOST)
    deliver(db, supplier, slurry_user, CONVENTIONAL_SLURRY, delivered_on=date(2026, 12, 31))
    assert season(db, 2026).imported_nonorganic == {slurry_user.id}
    assert season(db, 2025).imported_nonorganic == set()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"weighed_tonnes": -3}, "weighed_tonnes"),
        ({"n_kg_per_t": 1400}, "n_kg_per_t"),
        ({"delivered_on": None}, "delivered_on"),
    ],
)
def test_bad_deliveries_are_refused(db: Session, data: dict[str, Any], field: str) -> None:
    supplier, receiver = make_farm(db), make_farm(db, name="Akkerbouw Zuid")
    with pytest.raises(ValidationError) as refused:
        deliver(db, supplier, receiver, ORGANIC_SLURRY, **data)
    assert field in refused.value.errors


def test_a_farm_cannot_deliver_to_itself(db: Session) -> None:
    farm = make_farm(db)
    with pytest.raises(ValidationError) as refused:
        deliver(db, farm, farm, ORGANIC_SLURRY)
    assert list(refused.value.errors) == ["receiver"]
