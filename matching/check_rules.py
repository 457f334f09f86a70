"""The rulebook re-derived from an instance alone, for the independent checker.

This module deliberately shares no code with the model, the solver or `matching.rules`:
`python -m matching check` must catch an engine bug, so it re-reads INSTANCE.md's table and
rules from scratch (standard library only). The greedy baseline and the benchmark's raw model
use it too, as a second, independent reading of which deliveries are allowed.

Units: tonnes (t), kg N or P2O5, km, ha.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CHAMPOST_N_KG_PER_T = 7.0  # RULES R7: champost counts 3.5 + 3.5 kg N per tonne
DIGESTATE_MANURE_SHARE_DEFAULT = 0.5  # RULES R10: digestate is about half animal manure
CHAMPOST_ANIMAL_FRACTION = 0.5  # half of champost's 7 kg N/t comes from manure

HUSBANDRY_B_KINDS = frozenset(
    {
        "cattle_slurry",
        "cattle_solid",
        "goat_manure",
        "sheep_manure",
        "horse_manure",
        "veal_calf_manure",
        "pig_solid",
    }
)
MANURE_KINDS = HUSBANDRY_B_KINDS | {"pig_slurry", "poultry_manure"}
PLANT_A_KINDS = frozenset({"compost_organic_plant", "plant_product"})
RECEIVING_STATUSES = frozenset({"organic", "conversion"})


@dataclass(frozen=True)
class LotFacts:
    """What the rules say about one lot: category, A-fraction a (share of its N that counts
    as A), whether it is organic manure (R5), the animal fraction of its N (R1) and the N and
    P2O5 per tonne that count (champost: 7 kg N/t)."""

    category: str
    a_fraction: float
    organic_manure: bool
    animal_fraction: float
    n_per_t: float
    p2o5_per_t: float
    blocked: str | None  # why the lot cannot be placed at all, or None
    lat: float
    lon: float

    @property
    def nonorganic_animal(self) -> bool:
        """Clarification 1: non-organic *animal* manure is what R5, R6 and R9 restrict."""
        return not self.organic_manure and self.animal_fraction > 0


@dataclass(frozen=True)
class FarmFacts:
    """Per-farm rule data. `room_kg` = n_cap x area_ha + sum(natural ha x limit) (R1, R2) in
    kg animal N before own manure; `kept_kg` = own manure N kept on the own land: produced
    (`own_manure_n_kg`) - `exported_animal_n_kg`; `room_left_kg` = max(0, room - kept -
    received animal N); `d0` is the A-share slack before imports: own A + other A - a_min x
    (kept + other) in kg N, own A = kept unless conventional (R8)."""

    status: str
    room_kg: float
    room_left_kg: float
    a_min: float
    kept_kg: float
    own_a_kg: float
    d0: float
    p2o5_room_kg: float | None
    nonorganic_block: str | None  # why non-organic animal manure may not come in, or None


def _flag(origin: Mapping[str, Any], name: str) -> bool:
    return bool(origin.get(name))  # clarification 10: null flags mean false


def _animal_kind(kind: str, origin: Mapping[str, Any]) -> tuple[str, float]:
    if origin.get("status") == "organic":
        return "A", 1.0
    if _flag(origin, "husbandry_ok") and kind in HUSBANDRY_B_KINDS:
        return "B", 0.0
    return "C", 0.0


def _digestate(origin: Mapping[str, Any]) -> tuple[str, float, float]:
    """R10: A-part a = m + (1 - m) x organic co-product share when the manure is organic and
    the co-products are Annex II; animal fraction 1 if m >= 0.5 else m."""
    share = origin.get("manure_share")
    m = DIGESTATE_MANURE_SHARE_DEFAULT if share is None else float(share)
    animal = 1.0 if m >= DIGESTATE_MANURE_SHARE_DEFAULT else m
    if not (_flag(origin, "manure_organic") and _flag(origin, "coproducts_annex_ii")):
        return "C", 0.0, animal
    a = m + (1.0 - m) * float(origin.get("coproducts_organic_share") or 0.0)
    return ("A" if a >= 1.0 else "A/B"), a, animal


def classify(kind: str, origin: Mapping[str, Any]) -> tuple[str, float, bool, float]:
    """(category, A-fraction, organic manure, animal fraction) per INSTANCE.md's table."""
    organic = origin.get("status") == "organic"
    if kind in MANURE_KINDS:
        return (*_animal_kind(kind, origin), organic, 1.0)
    if kind in ("poultry_pellets", "champost"):
        ok = organic and _flag(origin, "direct_from_organic_farm")
        animal = CHAMPOST_ANIMAL_FRACTION if kind == "champost" else 1.0
        return ("A" if ok else "C"), (1.0 if ok else 0.0), organic, animal
    if kind == "digestate":
        category, a, animal = _digestate(origin)
        return category, a, _flag(origin, "manure_organic"), animal
    if kind in PLANT_A_KINDS:
        return ("A", 1.0, False, 0.0) if organic else ("C", 0.0, False, 0.0)
    if kind == "green_compost":
        return "A", 1.0, False, 0.0
    if kind == "bokashi":
        made = origin.get("made_from")
        category = made if made in ("A", "B") else "C"
        return category, (1.0 if made == "A" else 0.0), False, 0.0
    if kind == "mineral_n":
        return ("B" if _flag(origin, "skal_input_list") else "C"), 0.0, False, 0.0
    return "C", 0.0, False, 0.0


def _intermediary_block(intermediary: Mapping[str, Any] | None, date: str) -> str | None:
    """R11 and clarification 5: Skal-approved, and valid until on or after the instance date."""
    if intermediary is None:
        return None
    if not intermediary.get("skal_approved"):
        return "intermediary not Skal-approved"
    until = intermediary.get("valid_until")
    if until is not None and str(until) < date:
        return "intermediary declaration expired"
    return None


def derive_lot(lot: Mapping[str, Any], farm: Mapping[str, Any], date: str) -> LotFacts:
    """Classify a lot and decide whether it may be placed at all."""
    category, a, organic_manure, animal = classify(lot["kind"], lot.get("origin") or {})
    blocked = _intermediary_block(lot.get("intermediary"), date)
    if category == "C":
        blocked = "category C"
    elif organic_manure and farm.get("imported_nonorganic_this_year"):
        blocked = "farm imported non-organic manure this year (R5)"
    n = CHAMPOST_N_KG_PER_T if lot["kind"] == "champost" else float(lot["n_kg_per_t"])
    own_spot = lot.get("lat") is not None and lot.get("lon") is not None
    lat, lon = (lot["lat"], lot["lon"]) if own_spot else (farm["lat"], farm["lon"])
    p2o5 = float(lot.get("p2o5_kg_per_t") or 0.0)
    return LotFacts(category, a, organic_manure, animal, n, p2o5, blocked, float(lat), float(lon))


def _kept_kg(farm: Mapping[str, Any]) -> float:
    """Own manure N applied on the own land: what the own animals produce less what of it
    left the farm (`exported_animal_n_kg`, docs/engine.md; absent = 0)."""
    own = float(farm.get("own_manure_n_kg") or 0.0)
    return max(0.0, own - float(farm.get("exported_animal_n_kg") or 0.0))


def _nonorganic_block(farm: Mapping[str, Any], cap: float, total_ha: float) -> str | None:
    """R5, R6.3 (strict: own production < cap x all ha, whatever left the farm) and R9
    (clarification 3, with the own conversion manure kept on the own land)."""
    own = float(farm.get("own_manure_n_kg") or 0.0)
    if farm.get("exported_organic_this_year"):
        return "farm exported organic manure this year (R5)"
    if not own < cap * total_ha:
        return "own livestock produces the N cap or more (R6.3)"
    if (
        farm.get("status") == "conversion"
        and farm.get("own_manure_status") == "conversion"
        and _kept_kg(farm) > 0
    ):
        return "conversion farm using its own conversion manure (R9)"
    return None


def derive_farm(farm: Mapping[str, Any], params: Mapping[str, Any]) -> FarmFacts:
    """N room (R1, R2), A-share start D0 (R8) and the gate for non-organic manure."""
    cap = float(params["n_cap_kg_per_ha"])
    natural = farm.get("natural_land") or []
    room = cap * float(farm["area_ha"]) + sum(
        float(p["ha"]) * float(p["n_limit_kg_per_ha"]) for p in natural
    )
    total_ha = float(farm["area_ha"]) + sum(float(p["ha"]) for p in natural)
    kept = _kept_kg(farm)
    received = float(farm.get("received_animal_n_kg") or 0.0)
    other = float(farm.get("other_n_kg") or 0.0)
    own_a = kept if farm.get("own_manure_status") in RECEIVING_STATUSES else 0.0
    own_farm_min = farm.get("a_share_min")
    a_min = float(params["a_share_min"] if own_farm_min is None else own_farm_min)
    d0 = own_a + float(farm.get("other_a_n_kg") or 0.0) - a_min * (kept + other)
    p2o5 = farm.get("p2o5_room_kg")
    return FarmFacts(
        farm["status"],
        room,
        max(0.0, room - kept - received),
        a_min,
        kept,
        own_a,
        d0,
        None if p2o5 is None else float(p2o5),
        _nonorganic_block(farm, cap, total_ha),
    )


def distance_limit(
    params: Mapping[str, Any], lot: Mapping[str, Any], request: Mapping[str, Any]
) -> float:
    """The tightest of the set limits (clarification 6: null = no limit), inf if none."""
    limits = [
        params.get("max_distance_km"),
        lot.get("max_distance_km"),
        request.get("max_distance_km"),
    ]
    return min((float(x) for x in limits if x is not None), default=math.inf)


def kind_accepted(kind: str, request: Mapping[str, Any]) -> bool:
    """Clarification 7: null accepts any kind, [] accepts none."""
    kinds = request.get("kinds")
    return kinds is None or kind in kinds


def windows_open(lot: Mapping[str, Any], request: Mapping[str, Any]) -> bool:
    """The lot's availability and the request's wanted window share a day: inclusive ISO
    dates (validated `YYYY-MM-DD`, so they compare as text), a missing end is open."""
    lot_from, lot_until = lot.get("available_from"), lot.get("available_until")
    want_from, want_until = request.get("wanted_from"), request.get("wanted_until")
    starts_in_time = lot_from is None or want_until is None or lot_from <= want_until
    return starts_in_time and (want_from is None or lot_until is None or want_from <= lot_until)


def excluded_pairs(doc: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """The instance's `excluded_pairs` as (lot id, request id) -> reason ("rejected": the
    coordinator rejected that proposal, "declined": a farm declined it); no such pair is an
    arc, whatever else holds."""
    return {(d["lot"], d["request"]): str(d["reason"]) for d in doc.get("excluded_pairs") or []}


def exclusion_problem(reason: str) -> str:
    """Why an excluded pair is not an arc, as the checker reports it."""
    return f"the pair is in excluded_pairs ({reason})"


def arc_problem(
    lot: Mapping[str, Any],
    facts: LotFacts,
    request: Mapping[str, Any],
    receiver: FarmFacts,
    km: float,
    limit: float,
) -> str | None:
    """Why lot -> request is not a legal arc, or None when it is."""
    if facts.blocked:
        return facts.blocked
    if lot["farm"] == request["farm"]:
        return "lot and request on the same farm"
    if not kind_accepted(lot["kind"], request):
        return "kind not accepted by the request"
    if receiver.status not in RECEIVING_STATUSES:
        return "request farm is not organic or in conversion"
    if km > limit:
        return f"distance {km:.3f} km above the limit {limit:g} km"
    if not windows_open(lot, request):
        return (
            f"lot available {lot.get('available_from')}..{lot.get('available_until')} and "
            f"request wanted {request.get('wanted_from')}..{request.get('wanted_until')} "
            "do not overlap"
        )
    if facts.nonorganic_animal:
        if not request.get("accept_nonorganic"):
            return "request does not accept non-organic manure"
        return receiver.nonorganic_block
    return None
