"""A livestock farm whose own manure mostly left it in a weighed delivery, for the tests
that the farm page, the run's instance, the review and an adjustment count what it kept.

De Terp (10 ha: room 1,700 kg N) produces 4,410 kg N and delivered 600 t of its slurry at
6.45 kg N/t (3,870 kg N) to Akkerbouw Dronten: it keeps 540 kg, room left 1,160 kg. It asks
for 4,000 kg N of cattle slurry; Derde Erf offers 500 t at 4.4 kg N/t nearby.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.listings.services.listings import lot_origin
from market.models import Farm
from matching.rules import classify_lot
from tests.factories import add_farm, add_lot, add_request

PRODUCED, SENT, ROOM = 4410.0, 600 * 6.45, 1700.0
ROOM_LEFT = ROOM - (PRODUCED - SENT)  # 1,160 kg


@dataclass(frozen=True)
class Scene:
    terp: Farm
    lot_id: int
    request_id: int
    on: date


def kept_manure_scene(session: Session, on: date) -> Scene:
    """The market above, its delivery weighed on `on`; flushed, not committed."""
    first = date(on.year, 1, 1)
    terp = add_farm(
        session, "De Terp", "Flevoland", area_ha=10.0, measured_own_manure_n_kg=PRODUCED
    )
    dronten = add_farm(session, "Akkerbouw Dronten", "Flevoland")
    sent = add_lot(session, terp, tonnes=600.0, available_from=first)
    weighing = {"delivered_on": on.isoformat(), "weighed_tonnes": 600.0, "n_kg_per_t": 6.45}
    lot_class = classify_lot(sent.kind, lot_origin(sent))
    record_delivery(session, sent, dronten, lot_class, parse(Weighing, weighing))
    lot = add_lot(session, add_farm(session, "Derde Erf", lat=52.52, lon=6.1), available_from=first)
    request = add_request(session, terp, kinds=["cattle_slurry"], wanted_from=on)
    return Scene(terp, lot.id, request.id, on)
