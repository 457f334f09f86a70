"""The delivery ledger (afleveringsbewijzen) and what the year's deliveries decide (R5).

A delivery copies the lot's classification of the day (category, A-fraction, organic
manure, animal fraction) so later edits of the lot do not rewrite history. R5 couples a
farm's two sides within a calendar year: a farm that exported organic manure may not import
non-organic animal manure, and the other way round for the matcher.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from market.core.validation import FieldError, ValidationError
from market.deliveries.schemas import Weighing
from market.models import Delivery, Farm, Lot, Proposal

CONTENTS = ("n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t")


class LotClassLike(Protocol):
    """What `matching.rules.classify_lot` returns, as far as the ledger needs it (read-only,
    so the engine's frozen `LotClass` fits)."""

    @property
    def category(self) -> str: ...
    @property
    def a_fraction(self) -> float: ...
    @property
    def organic_manure(self) -> bool: ...
    @property
    def animal_fraction(self) -> float: ...


def record_delivery(
    session: Session,
    lot: Lot,
    receiver: Farm,
    lot_class: LotClassLike,
    data: Weighing,
    proposal: Proposal | None = None,
) -> Delivery:
    """Book a weighed delivery of `lot` to `receiver`.

    `data` holds the date, the weighed tonnes, optionally the sampled contents (default: the
    lot's) and the papers (VDM/CMR number, analysis reference, declaration of origin).
    """
    if receiver.id == lot.farm_id:
        raise ValidationError({"receiver": FieldError("own_delivery")})
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
        **_weighed(data, lot),
    )
    session.add(delivery)
    session.flush()
    return delivery


def _weighed(data: Weighing, lot: Lot) -> dict[str, Any]:
    """The delivery's columns: the weighing, with the lot's contents and intermediary where
    none were given (a subclass's own fields, such as the API's `proposal_id`, left out)."""
    values = {name: getattr(data, name) for name in Weighing.model_fields}
    for name in (*CONTENTS, "intermediary_name"):
        if values[name] is None:
            values[name] = getattr(lot, name)
    return values


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
