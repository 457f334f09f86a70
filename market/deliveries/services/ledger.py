"""The delivery ledger (afleveringsbewijzen) and what the year's deliveries decide (R5).

A delivery copies the lot's classification of the day (category, A-fraction, organic
manure, animal fraction) so later edits of the lot do not rewrite history. R5 couples a
farm's two sides within a calendar year: a farm that exported organic manure may not import
non-organic animal manure, and the other way round for the matcher.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from market.core.validation import Checker, ValidationError
from market.models import Delivery, Farm, Lot, Proposal
from market.models.listings import N_KG_PER_T_MAX

PAPERS = (
    "sample_analysis_ref",
    "transport_document_no",
    "intermediary_name",
    "declaration_of_origin_no",
)


class LotClassLike(Protocol):
    """What `matching.classify_lot` returns, as far as the ledger needs it."""

    category: str
    a_fraction: float
    organic_manure: bool
    animal_fraction: float


def record_delivery(
    session: Session,
    lot: Lot,
    receiver: Farm,
    lot_class: LotClassLike,
    data: Mapping[str, Any],
    proposal: Proposal | None = None,
) -> Delivery:
    """Book a weighed delivery of `lot` to `receiver`.

    `data` holds `delivered_on`, `weighed_tonnes`, optionally the sampled contents (default:
    the lot's) and the papers (VDM/CMR number, analysis reference, declaration of origin).
    """
    if receiver.id == lot.farm_id:
        raise ValidationError({"receiver": "A farm cannot deliver to itself."})
    delivery = Delivery(
        proposal=proposal,
        lot=lot,
        supplier_farm_id=lot.farm_id,
        receiver_farm_id=receiver.id,
        kind=lot.kind,
        category=lot_class.category,
        a_fraction=lot_class.a_fraction,
        organic_manure=lot_class.organic_manure,
        animal_fraction=lot_class.animal_fraction,
        **_clean_delivery(data, lot),
    )
    session.add(delivery)
    session.flush()
    return delivery


def _clean_delivery(data: Mapping[str, Any], lot: Lot) -> dict[str, Any]:
    check = Checker({**_lot_contents(lot), **data})
    values: dict[str, Any] = {
        "delivered_on": check.day("delivered_on"),
        "weighed_tonnes": check.number("weighed_tonnes", positive=True),
        "n_kg_per_t": check.number("n_kg_per_t", low=0, high=N_KG_PER_T_MAX),
        "p2o5_kg_per_t": check.number("p2o5_kg_per_t", low=0),
        "k2o_kg_per_t": check.number("k2o_kg_per_t", low=0),
        **{field: check.text(field, max_length=100) for field in PAPERS},
    }
    values["intermediary_name"] = values["intermediary_name"] or lot.intermediary_name
    check.done()
    return values


def _lot_contents(lot: Lot) -> dict[str, float]:
    return {
        "n_kg_per_t": lot.n_kg_per_t,
        "p2o5_kg_per_t": lot.p2o5_kg_per_t,
        "k2o_kg_per_t": lot.k2o_kg_per_t,
    }


def exported_organic_this_year(session: Session, farm: Farm, year: int) -> bool:
    """Did `farm` deliver organic manure to another farm in `year` (R5)?"""
    return _any_delivery(
        session, year, Delivery.supplier_farm_id == farm.id, Delivery.organic_manure.is_(True)
    )


def imported_nonorganic_this_year(session: Session, farm: Farm, year: int) -> bool:
    """Did `farm` receive non-organic animal manure in `year` (R5, clarification 1)?"""
    return _any_delivery(
        session,
        year,
        Delivery.receiver_farm_id == farm.id,
        Delivery.organic_manure.is_(False),
        Delivery.animal_fraction > 0,
    )


def _any_delivery(session: Session, year: int, *conditions: ColumnElement[bool]) -> bool:
    in_year = Delivery.delivered_on.between(date(year, 1, 1), date(year, 12, 31))
    return bool(session.scalar(select(exists().where(in_year, *conditions))))
