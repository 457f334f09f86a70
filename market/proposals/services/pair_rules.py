"""The arc rules the engine obeys for one lot → request pair, for a deal two farms make.

A run opens an arc only where these hold (`matching.arc_rules`, `matching.problem_lots`); a
deal is one pair the farms chose themselves, so the same rules are asked here: when the offer
is made (the farms learn it before they agree, `market.interest.services.deals`) and again
when the coordinator approves the deal's proposal (`capacity.review`: listings, the farms'
seasons and the day change in between). Each refusal is a `FieldError` on the offer form's
`listing_id` (which lot and request), with its rule:
- R7: category C is placed by no run;
- R11: a lot through an intermediary needs its Skal approval, valid on the day;
- the request accepts the lot's kind (`kinds` None: any);
- the road distance (`road_km`) is within the request's, the lot's and the policy's limits;
- the lot's availability, the request's wanted window and the legal spreading period of the
  pair (`matching.rules.delivery_window`, from the day on) share a day;
- R5: a farm that imported non-organic manure this year exports no organic manure; and
  non-organic animal manure goes only to a request that accepts it, on a farm whose gate is
  open (R5, R6.3, R9: `matching.rules.nonorganic_gate`, the engine's own test).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from market.accounts.services.calculator import Deliveries, own_manure_sent_out_n_kg
from market.accounts.services.farms import farm_own_manure_n_kg
from market.core.schemas.units import KG_PATTERN
from market.core.validation import FieldError, Figure, ValidationError
from market.deliveries.services.papers import year_deliveries
from market.listings.services.listings import lot_intermediary, lot_origin
from market.models import Farm, Lot, Request
from market.proposals.services.season import Season, season
from matching.rules import (
    RECEIVING_STATUSES,
    GateFacts,
    LotClass,
    classify_lot,
    delivery_window,
    great_circle_km,
    kept_own_manure_n_kg,
    nonorganic_gate,
)
from matching.rules.intermediary import intermediary_block

#: km of rounding noise allowed at a distance limit.
KM_TOLERANCE = 1e-6


def check_pair(
    session: Session,
    lot: Lot,
    request: Request,
    policy: Mapping[str, float],
    on: date,
    but_proposal: int | None = None,
) -> None:
    """Refuse (`ValidationError` on `listing_id`) a deal of `lot` to `request` that no run
    would make on the farms' date `on`; `but_proposal`: the deal's own proposal, left out of
    the year's R5 sides (an approval). The first rule of the module's list the pair breaks
    is named."""
    lot_class = classify_lot(lot.kind, lot_origin(lot))
    problem = (
        _listing_problem(lot, request, lot_class, on)
        or _reach_problem(lot, request, policy, on)
        or _r5_problem(session, lot, request, lot_class, policy, on, but_proposal)
    )
    if problem is not None:
        raise ValidationError({"listing_id": problem})


def road_km(lot: Lot, request: Request, policy: Mapping[str, float]) -> float:
    """The engine's distance of the pair: great-circle km from the lot's place to the
    receiving farm × `road_factor`."""
    farm = request.farm
    return policy["road_factor"] * great_circle_km(lot_place(lot), (farm.lat, farm.lon))


def beyond_limits(km: float, *limits: float | None) -> FieldError | None:
    """`too_far` when the road distance `km` exceeds the strictest of `limits` (km; None: no
    limit of that side), with both figures as the refusal names them."""
    limit = min((each for each in limits if each is not None), default=math.inf)
    if km <= limit + KM_TOLERANCE:
        return None
    return FieldError("too_far", {"km": Figure(km, KG_PATTERN), "limit": Figure(limit, KG_PATTERN)})


def _listing_problem(
    lot: Lot, request: Request, lot_class: LotClass, on: date
) -> FieldError | None:
    """R7 category C, the receiving farm's status, R11 the intermediary, the kinds asked."""
    if not lot_class.placeable:
        return FieldError("category_c_organic")
    if request.farm.status.value not in RECEIVING_STATUSES:
        return FieldError("organic_only")
    blocked = intermediary_block(lot_intermediary(lot), on.isoformat())
    if blocked is not None:
        return FieldError(blocked)
    if request.kinds is not None and lot.kind not in request.kinds:
        return FieldError("kind_not_accepted")
    return None


def _reach_problem(
    lot: Lot, request: Request, policy: Mapping[str, float], on: date
) -> FieldError | None:
    """The distance limits (km) and the common window within the spreading calendar."""
    limits = (policy["max_distance_km"], request.max_distance_km, lot.max_distance_km)
    too_far = beyond_limits(road_km(lot, request, policy), *limits)
    if too_far is not None:
        return too_far
    available = (lot.available_from, lot.available_until)
    wanted = (request.wanted_from, request.wanted_until)
    if delivery_window(lot.kind, request.land_use, available, wanted, on) is None:
        return FieldError("no_common_window")
    return None


def _r5_problem(
    session: Session,
    lot: Lot,
    request: Request,
    lot_class: LotClass,
    policy: Mapping[str, float],
    on: date,
    but_proposal: int | None,
) -> FieldError | None:
    """R5 on the supplier's side; for non-organic animal manure the request's consent and
    the receiving farm's gate (R5, R6.3, R9)."""
    if not (lot_class.organic_manure or lot_class.nonorganic_animal):
        return None
    year = season(session, on.year, but_proposal=but_proposal)
    if lot_class.organic_manure:
        imported = lot.farm_id in year.imported_nonorganic
        return FieldError("r5_imported_nonorganic") if imported else None
    if not request.accept_nonorganic:
        return FieldError("nonorganic_not_accepted")
    moved = year_deliveries(session, request.farm, on.year)
    gate = nonorganic_gate(_gate_facts(request.farm, year, moved), policy["n_cap_kg_per_ha"])
    return None if gate is None else FieldError(gate)


def _gate_facts(farm: Farm, year: Season, moved: Deliveries) -> GateFacts:
    """The receiving farm as the gate reads it, counted as the run's farm document counts
    it (`worker.documents.farm_document`): production, own manure kept, all its ha."""
    produced = farm_own_manure_n_kg(farm)
    return GateFacts(
        exported_organic=farm.id in year.exported_organic,
        produced_n_kg=produced,
        kept_n_kg=kept_own_manure_n_kg(produced, own_manure_sent_out_n_kg(produced, moved)),
        total_ha=farm.area_ha + sum(parcel.ha for parcel in farm.parcels),
        status=farm.status.value,
        own_manure_status=farm.own_manure_status.value,
    )


def lot_place(lot: Lot) -> tuple[float, float]:
    """A lot lies at its storage site when it has one, else at its farm (as in a run)."""
    if lot.lat is not None and lot.lon is not None:
        return (lot.lat, lot.lon)
    return (lot.farm.lat, lot.farm.lon)
