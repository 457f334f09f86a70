"""The delivery ledger (afleveringsbewijzen).

A delivery copies the lot's classification of the day (category, A-fraction, organic
manure, animal fraction) and its RVO manure code and digestate mix (for the VDM) so later
edits of the lot do not rewrite history. A lot's contents from the standard table deliver,
when it has a manure code, at the code's figures of the delivery's year (RVO's table applies
by date), and the delivery records where each of its contents came from. What the year's
deliveries decide for R5 and the farms' rooms is `market.proposals.services.balance.season`.
A declaration of origin the market numbers takes its year's next serial
(`market.deliveries.services.paper_numbers`), so the register has no gaps, and keeps then
what it prints from outside the delivery's row (`declaration_paper`), so it never changes.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from market.core.reference import code_contents
from market.core.validation import FieldError, ValidationError
from market.deliveries.schemas import Weighing
from market.deliveries.services.declaration_paper import kept_paper
from market.deliveries.services.paper_numbers import next_serial, paper_number
from market.models import Delivery, Farm, Lot, PaperSeries, Proposal
from matching.rules.plausibility import CONTENT_FIELDS

#: Fields of a weighing that are no columns of the delivery (the audit log keeps them).
NOT_STORED = frozenset(
    {"excess_reason", "confirm_unusual", "confirm_outside_window", "confirm_document_used"}
)


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
        manure_code=lot.manure_code,
        manure_mix=lot.manure_mix,
        **weighed_columns(data, lot),
    )
    session.add(delivery)
    session.flush()
    return delivery


def number_declaration(session: Session, delivery: Delivery) -> None:
    """Number `delivery`'s declaration of origin: the next serial of its year (of
    `delivered_on`) in the declarations' register, "VVH-<year>-<serial>"; flushed. The
    counter stays locked until the transaction ends: call it once nothing can refuse the
    delivery, as close to the commit as may be. The paper is issued here, once: the farms,
    the intermediary and the rest it prints from outside the delivery's row are kept as they
    are now (`declaration_paper.kept_paper`), and every print of the number reads them."""
    year = delivery.delivered_on.year
    serial = next_serial(session, PaperSeries.DECLARATION, year)
    delivery.declaration_year, delivery.declaration_serial = year, serial
    delivery.declaration_of_origin_no = paper_number(PaperSeries.DECLARATION, year, serial)
    delivery.declaration_paper = kept_paper(delivery)
    session.flush()


def weighed_columns(data: Weighing, lot: Lot) -> dict[str, Any]:
    """The delivery's columns: the weighing, with the lot's contents (those from the
    standard table of a lot with a code: the code's of the delivery's date) and
    intermediary where none were given (a subclass's own fields, such as the API's
    `proposal_id`, left out), and where each content came from: the table
    (`standard_fields`), the weighing's sample (`sampled_fields`) or the lot's analysis of
    `lot_analysed_on`. The booking reads them too: the N a weighing brings (its limits) and
    whether a form sent again says what its first sending booked."""
    values = {name: getattr(data, name) for name in Weighing.model_fields if name not in NOT_STORED}
    code = lot.manure_code
    table = None if code is None else code_contents(code, data.delivered_on)
    sampled = [name for name in CONTENT_FIELDS if values[name] is not None]
    standard = [name for name in lot.standard_fields if name not in sampled]
    from_lot_lab = len(sampled) + len(standard) < len(CONTENT_FIELDS)
    for name in (*CONTENT_FIELDS, "intermediary_name"):
        if values[name] is None:
            from_table = table is not None and name in standard
            values[name] = getattr(table if from_table else lot, name)
    sources = {"standard_fields": standard, "sampled_fields": sampled}
    return {**values, **sources, "lot_analysed_on": lot.analysed_on if from_lot_lab else None}
