"""An issued declaration of origin never changes: its number prints the farms, the manure
share and the intermediary's Skal declaration as they stood when it was numbered, however
the farms and the lot are edited afterwards; a delivery booked after the edits prints them
as they are then. The inspector holding the first print and the market's reprint must read
one paper under one number."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from market.models import Delivery, Farm, Lot
from tests.conftest import log_in, state
from tests.web.pdf_helpers import missing
from tests.web.test_papers import (
    LONGEST,
    RECEIVER_EMAIL,
    delivered,
    digestate,
    farm_pair,
    weighing,
)

#: The farms' and the lot's facts before the edits (`tests.web.test_papers.farm_pair`,
#: `digestate`): names, an address, Skal and RVO numbers, and the Skal declaration's end.
BEFORE = (
    LONGEST["supplier"],
    LONGEST["receiver"],
    LONGEST["supplier_address"],
    "0765432",  # the receiver's Skal number
    "987654321",  # the receiver's RVO relation number
    "31 maart 2027",  # the intermediary's Skal declaration runs until then
)
#: The same facts after the edits, and the lot's manure share raised from 60 % to 70 %.
AFTER = (
    "Vergisting Nieuwe Naam",
    "Akkerbouw Andere Naam",
    "Nieuwe Dijk 1",
    "0999111",
    "111222333",
    "30 juni 2028",
    "70%",
)


def edit_everything(session: Session, supplier_id: int, receiver_id: int, lot_id: int) -> None:
    """What a newcomer may change without a new approval: the farms' names, address, Skal
    and RVO numbers, and the lot's manure share and intermediary's Skal declaration."""
    supplier, receiver = session.get_one(Farm, supplier_id), session.get_one(Farm, receiver_id)
    supplier.name, supplier.address = AFTER[0], AFTER[2]
    receiver.name, receiver.skal_number, receiver.rvo_relation_number = AFTER[1], AFTER[3], AFTER[4]
    lot = session.get_one(Lot, lot_id)
    lot.manure_share, lot.intermediary_valid_until = 0.7, date(2028, 6, 30)
    session.commit()


def test_a_declaration_prints_what_it_said_when_numbered_and_a_new_one_what_is_now(
    app: Flask, client: FlaskClient
) -> None:
    with state(app).session_factory() as session:
        supplier, receiver = farm_pair(session)
        lot = digestate(session, supplier)
        issued = delivered(session, lot, receiver, weighing())
        session.commit()
        ids = supplier.id, receiver.id, lot.id
    log_in(client, RECEIVER_EMAIL)
    first = client.get(f"/deliveries/{issued}/declaration.pdf").data
    with state(app).session_factory() as session:
        edit_everything(session, *ids)
    reprint = client.get(f"/deliveries/{issued}/declaration.pdf").data
    assert missing(reprint, "VVH-2026-000001", *BEFORE) == []
    assert missing(reprint, *AFTER) == list(AFTER)
    assert missing(first, *AFTER) == list(AFTER)
    with state(app).session_factory() as session:
        lot = session.get_one(Lot, ids[2])
        receiver = session.get_one(Farm, ids[1])
        later = delivered(session, lot, receiver, weighing())
        session.commit()
    fresh = client.get(f"/deliveries/{later}/declaration.pdf").data
    assert missing(fresh, "VVH-2026-000002", *AFTER) == []
    assert missing(fresh, *BEFORE[:5]) == list(BEFORE[:5])


def test_an_issued_paper_is_never_written_again(app: Flask) -> None:
    """Numbering keeps the paper once; a second write is refused before it reaches the row."""
    with state(app).session_factory() as session:
        supplier, receiver = farm_pair(session)
        issued = delivered(session, digestate(session, supplier), receiver, weighing())
        session.commit()
        delivery = session.get_one(Delivery, issued)
        kept = delivery.declaration_paper
        assert kept is not None and kept["receiver"]["skal_number"] == "0765432"
        with pytest.raises(ValueError, match="VVH-2026-000001 was issued already"):
            delivery.declaration_paper = {**kept, "supplier": {}}
