"""A farm that keeps no animals and passes manure on (a trader, a digester), for the tests
that the farm page, the run's instance and an adjustment count the same N room and A-share.

De Doorvoer (10 ha: room 1,700 kg N; 500 kg N of other fertiliser, 100 kg of it A) took in
250 t of De Hoeve's organic cattle slurry at 4.0 kg N/t (1,000 kg N, all A, all animal) and
sent 150 t of slurry at 4.0 kg N/t (600 kg animal N) on to Akkerbouw Dronten. It produces
nothing, so all 600 kg was passed on from what came in: 400 kg of animal N stays, room left
1,300 kg; the A-share counts 500 kg A of 900 kg N. It asks for 4,000 kg N of cattle slurry;
Derde Erf offers 500 t at 4.4 kg N/t nearby (`tests.market.kept_manure_helpers`' market).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.listings.services.listings import lot_origin
from market.models import Farm, Lot
from matching.rules import classify_lot
from tests.factories import add_farm, add_lot, add_request

ROOM, IN_N, OUT_N = 1700.0, 250 * 4.0, 150 * 4.0
OTHER_N, OTHER_A_N = 500.0, 100.0
STAYED = IN_N - OUT_N  # 400 kg of what came in stays on the land, all animal and A
ROOM_LEFT = ROOM - STAYED  # 1,300 kg: the farm keeps no manure of its own
TOTAL_N, A_N = OTHER_N + STAYED, OTHER_A_N + STAYED  # R8: 500 kg A of 900 kg N applied


@dataclass(frozen=True)
class Scene:
    trader: Farm
    lot_id: int
    request_id: int


def passed_on_scene(session: Session, on: date) -> Scene:
    """The market above, both deliveries weighed on `on`; flushed, not committed."""
    first = date(on.year, 1, 1)
    trader = add_farm(
        session,
        "De Doorvoer",
        "Flevoland",
        area_ha=10.0,
        other_n_kg=OTHER_N,
        other_a_n_kg=OTHER_A_N,
    )
    hoeve = add_farm(session, "De Hoeve", "Flevoland", measured_own_manure_n_kg=3000.0)
    weigh(session, add_lot(session, hoeve, tonnes=250.0, available_from=first), trader, on)
    dronten = add_farm(session, "Akkerbouw Dronten", "Flevoland")
    weigh(session, add_lot(session, trader, tonnes=150.0, available_from=first), dronten, on)
    lot = add_lot(session, add_farm(session, "Derde Erf", lat=52.52, lon=6.1), available_from=first)
    request = add_request(session, trader, kinds=["cattle_slurry"], wanted_from=on)
    return Scene(trader, lot.id, request.id)


def weigh(session: Session, lot: Lot, receiver: Farm, on: date) -> None:
    """All of `lot` weighed into `receiver` on `on`, sampled at 4.0 kg N/t."""
    weighing = {"delivered_on": on.isoformat(), "weighed_tonnes": lot.tonnes, "n_kg_per_t": 4.0}
    lot_class = classify_lot(lot.kind, lot_origin(lot))
    record_delivery(session, lot, receiver, lot_class, parse(Weighing, weighing))
