"""A receiving farm with N already committed to it, for the pages about its N room.

De Terp (supplier) and Akkerbouw Dronten (receiver, `ARABLE` its farmer) near each other; a
run's proposal of De Terp's cattle slurry (4.4 kg N/t) into Dronten's request, approved, and
when asked a delivery weighed on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Flask

from market.models import MatchRun, ReviewStatus, Role
from tests.conftest import state
from tests.factories import (
    add_delivery,
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    add_user,
    farm_today,
)

ARABLE = "dronten@example.nl"


@dataclass(frozen=True)
class Committed:
    farm_id: int
    request_id: int
    run_id: int
    supplier_id: int


def committed_farm(
    app: Flask,
    tonnes: float,
    asked_n_kg: float,
    area_ha: float = 10.0,
    weighed: tuple[float, float] | None = None,
) -> Committed:
    """Dronten on `area_ha` (10 ha: an N room of 1,700 kg) asking `asked_n_kg` kg N from New
    Year, with `tonnes` t of De Terp's 1,000 t lot approved into it; `weighed`: (t, kg N/t)
    of a delivery on that proposal in the farms' year."""
    first = date(farm_today().year, 1, 1)
    with state(app).session_factory() as session:
        supplier = add_farm(session, "De Terp", skal_number="123401")
        arable = add_farm(session, "Akkerbouw Dronten", area_ha=area_ha, skal_number="123402")
        add_user(session, ARABLE, Role.ARABLE_FARMER, arable)
        lot = add_lot(session, supplier, tonnes=1000.0, available_from=first)
        request = add_request(session, arable, asked_n_kg, wanted_from=first)
        run: MatchRun = add_run(session)
        approved = {"review_status": ReviewStatus.APPROVED}
        proposal = add_proposal(session, run, lot.id, request.id, tonnes, **approved)
        if weighed is not None:
            delivery = add_delivery(session, proposal)
            delivery.delivered_on = first
            delivery.weighed_tonnes, delivery.n_kg_per_t = weighed
        session.commit()
        return Committed(arable.id, request.id, run.id, supplier.id)
