"""One row → one item of the instance document: a farm, a lot or a request (INSTANCE.md).

Database ids become the document's ids with a prefix (farm 7 → "F7", lot 12 → "L12",
request 3 → "R3") so a flow maps straight back to its rows (`row_id`). Split from
`worker.mapping`, which picks the rows of a run and puts the document together.

Issue 11: each lot carries its outlet cost (the farmer's ?? the run's ?? its kind's,
`matching.rules.outlets`) and its availability window; each request its wanted window from
the run's day, narrowed to the legal spreading period of its land use and the kinds it takes
(`matching.rules.calendar` says how, and why that is exact or strict); a run with whole loads
gives each lot the tonnes of its kind's truck (`load_t`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from market.accounts.services.calculator import (
    Deliveries,
    own_manure_sent_out_n_kg,
    passed_on,
)
from market.accounts.services.farms import farm_own_manure_n_kg
from market.listings.services.listings import lot_intermediary, lot_origin
from market.models import Farm, Lot, Request
from market.proposals.services.season import Receipts, Season
from matching.rules.calendar import (
    accepted_classes,
    closed_window,
    period_class,
    request_window,
)
from matching.rules.nitrogen import exemption_in_force
from matching.rules.outlets import load_t, outlet_eur_per_t

#: The lot and request columns named as in INSTANCE.md, which go into the document as stored.
LOT_COLUMNS = (
    "kind",
    "tonnes",
    "n_kg_per_t",
    "p2o5_kg_per_t",
    "k2o_kg_per_t",
    "max_distance_km",
    "lat",
    "lon",
)
REQUEST_COLUMNS = ("n_kg", "kinds", "accept_nonorganic", "max_distance_km")


@dataclass(frozen=True)
class Calendar:
    """What narrowing the requests' windows needs: the run's day, the classes of kind some lot
    offers, and the first day of any lot's window (for a request with no legal day)."""

    on: date
    offered: frozenset[str]
    earliest: date

    @classmethod
    def of(cls, lots: list[Lot], on: date) -> Calendar:
        offered = frozenset(period_class(lot.kind) for lot in lots)
        return cls(on, offered, min([on, *(lot.available_from for lot in lots)]))


def farm_key(farm_id: int) -> str:
    return f"F{farm_id}"


def lot_key(lot_id: int) -> str:
    return f"L{lot_id}"


def request_key(request_id: int) -> str:
    return f"R{request_id}"


def row_id(key: str) -> int:
    """The database id behind a document id ("L12" → 12)."""
    return int(key[1:])


def farm_document(
    farm: Farm, on: date, year: Season, moved: Mapping[int, Deliveries]
) -> dict[str, Any]:
    """A farm's land, own manure and its side of the season `year` (the run's calendar year).

    `own_manure_n_kg` is what the own animals produce (R6.3 reads it) and
    `exported_animal_n_kg` the part of it the farm's weighed deliveries of the year sent
    out (`moved`: `year_moved`), worked out as the farm page does, so the engine counts
    the same own manure kept in the N room and the A-share (docs/engine.md). What the
    year's live proposals and deliveries brought in, less what the farm passed on
    (`passed_on`: animal N sent out beyond its production, not applied on its land, kg),
    counts as N from other fertilisers (`other_n_kg`, `other_a_n_kg`: the A-share, R8) and
    as animal N in the N room (`received_animal_n_kg`, R1/R2), as the farm page counts it;
    in full against the phosphate room left. A farm that exported organic manure or
    imported non-organic animal manure, committed or delivered, has taken its R5 side for
    the year. The `max(0, …)` guards keep rounding between two sums of the same deliveries
    from making a quantity the engine refuses (negative, or A above N).
    """
    got = year.receipts.get(farm.id, Receipts())
    produced = farm_own_manure_n_kg(farm)
    deliveries = moved.get(farm.id, Deliveries())
    stayed = got.less_passed_on(*passed_on(produced, deliveries))
    p2o5_room = None if farm.p2o5_room_kg is None else max(0.0, farm.p2o5_room_kg - got.p2o5_kg)
    return {
        "id": farm_key(farm.id),
        "name": farm.name,
        "status": farm.status.value,
        "lat": farm.lat,
        "lon": farm.lon,
        "area_ha": farm.area_ha,
        "natural_land": [
            {"ha": parcel.ha, "n_limit_kg_per_ha": parcel.n_limit_kg_per_ha}
            for parcel in farm.parcels
        ],
        "own_manure_n_kg": produced,
        "exported_animal_n_kg": own_manure_sent_out_n_kg(produced, deliveries),
        "own_manure_status": farm.own_manure_status.value,
        "other_n_kg": farm.other_n_kg + max(0.0, stayed.n_kg),
        "other_a_n_kg": farm.other_a_n_kg + max(0.0, min(stayed.a_n_kg, stayed.n_kg)),
        "received_animal_n_kg": stayed.animal_n_kg,
        "a_share_min": exemption_in_force(
            farm.a_share_min_exemption, farm.a_share_exemption_valid_until, on
        ),
        "p2o5_room_kg": p2o5_room,
        "exported_organic_this_year": farm.id in year.exported_organic,
        "imported_nonorganic_this_year": farm.id in year.imported_nonorganic,
    }


def lot_document(lot: Lot, scope: Mapping[str, Any]) -> dict[str, Any]:
    """INSTANCE.md's `lots[]` item: the stored columns, the origin facts, the intermediary,
    the outlet cost, the availability window and, with whole loads, the truck's tonnes."""
    extra = {
        "origin": lot_origin(lot),
        "intermediary": lot_intermediary(lot),
        "outlet_eur_per_t": outlet_eur_per_t(
            lot.kind, lot.outlet_eur_per_t, scope.get("outlet_eur_per_t")
        ),
        "available_from": lot.available_from.isoformat(),
        "available_until": _iso(lot.available_until),
    }
    if scope.get("loads"):
        extra["load_t"] = load_t(lot.kind)
    return _listing_document(lot, lot_key, LOT_COLUMNS) | extra


def request_document(request: Request, calendar: Calendar) -> dict[str, Any]:
    """INSTANCE.md's `requests[]` item: the stored columns and the wanted window, narrowed to
    the legal spreading period (`matching.rules.calendar.request_window`)."""
    classes = accepted_classes(request.kinds, calendar.offered)
    wanted = (request.wanted_from, request.wanted_until)
    window = request_window(classes, request.land_use, wanted, calendar.on)
    first, last = window or closed_window(calendar.earliest)
    dates = {"wanted_from": first.isoformat(), "wanted_until": _iso(last)}
    return _listing_document(request, request_key, REQUEST_COLUMNS) | dates


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _listing_document(
    listing: Lot | Request, key: Callable[[int], str], columns: tuple[str, ...]
) -> dict[str, Any]:
    head = {"id": key(listing.id), "farm": farm_key(listing.farm_id)}
    return head | {name: getattr(listing, name) for name in columns}
