"""What-if markets for `test_explain_whatif.py`: an instance and its solution, and the
instances that test a reason given in it (`matching.explain`).

`Market.left_as_others_leave_it` builds the market as the other deliveries leave it, for one
lot or one request, with the named rules relaxed (`RELAX`, and the R5 codes and
`supply_exhausted` in place); `Market.alone_with_free_room` the lot or request alone with
every receiver's room free. Relaxed limits stay within the validator's ceilings.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Set
from typing import Any

from matching import solve_instance
from matching.problem import Problem

Doc = dict[str, Any]
GAP = 1e-9
#: Relaxed limits: far above anything in the instances, within the validator's ceilings.
BIG_KG = 1e8
BIG_LIMIT_KG_PER_HA = 1e4
R5_CODES = {"r5_farm_exports", "r5_farm_imports"}


class Market:
    """An instance, its solution, and the what-ifs built from them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.solution = solve_instance(doc, gap=GAP)
        self.p = Problem.read(doc)
        self.lot_at = {lot_id: i for i, lot_id in enumerate(self.p.lots.ids)}
        self.farm_of_request = {r["id"]: r["farm"] for r in doc["requests"]}
        self.farm_of_lot = {x["id"]: x["farm"] for x in doc["lots"]}

    def organic(self, lot_id: str) -> bool:
        return bool(self.p.lots.organic_manure[self.lot_at[lot_id]])

    def nonorganic(self, lot_id: str) -> bool:
        return bool(self.p.lots.nonorganic_animal[self.lot_at[lot_id]])

    def left_as_others_leave_it(
        self, *, lot: str | None = None, request: str | None = None, relax: Set[str] = frozenset()
    ) -> Doc:
        """The instance with only `lot` (or only `request`) and the rest of the market as the
        other deliveries leave it, with the rules named in `relax` relaxed (an R5 code: the
        sides those deliveries took are left out; `supply_exhausted`: every lot gets more;
        `RELAX` for the others).

        What a farm received goes into its other N and other A-N, which charges its A-share
        account exactly unless the lot's own deliveries are what keeps the farm at its
        minimum (the format cannot say "below, by this much"): the what-if is then looser,
        and the as-is check below would fail rather than pass a false reason."""
        doc = copy.deepcopy(self.doc)
        r5 = not relax & R5_CODES
        others = [f for f in self.solution["flows"] if f["lot"] != lot and f["request"] != request]
        got: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        sends_organic, takes_nonorganic = set(), set()
        p2o5 = {x["id"]: float(x.get("p2o5_kg_per_t") or 0.0) for x in doc["lots"]}
        for f in others:
            farm = self.farm_of_request[f["request"]]
            for key in ("animal_n_kg", "n_kg", "a_n_kg"):
                got[farm][key] += f[key]
            got[farm]["p2o5"] += p2o5[f["lot"]] * f["tonnes"]
            got[f["request"]]["n_kg"] += f["n_kg"]
            got[f["lot"]]["tonnes"] += f["tonnes"]
            if self.organic(f["lot"]):
                sends_organic.add(self.farm_of_lot[f["lot"]])
            if self.nonorganic(f["lot"]):
                takes_nonorganic.add(farm)
        cap = float(doc["params"]["n_cap_kg_per_ha"])
        for farm in doc["farms"]:
            used = got[farm["id"]]
            _shrink_room(farm, used["animal_n_kg"], cap)
            farm["other_n_kg"] = float(farm.get("other_n_kg") or 0.0) + used["n_kg"]
            farm["other_a_n_kg"] = float(farm.get("other_a_n_kg") or 0.0) + used["a_n_kg"]
            if farm.get("p2o5_room_kg") is not None:
                farm["p2o5_room_kg"] = max(0.0, farm["p2o5_room_kg"] - used["p2o5"])
            if r5 and farm["id"] in sends_organic:
                farm["exported_organic_this_year"] = True
            if r5 and farm["id"] in takes_nonorganic:
                farm["imported_nonorganic_this_year"] = True
        if lot is not None:
            doc["lots"] = [x for x in doc["lots"] if x["id"] == lot]
            for r in doc["requests"]:
                r["n_kg"] = max(0.0, r["n_kg"] - got[r["id"]]["n_kg"])
        else:
            doc["requests"] = [r for r in doc["requests"] if r["id"] == request]
            if not relax & {"supply_exhausted", "min_delivery"}:
                doc["lots"] = [x for x in doc["lots"] if self._may_start(x, got[x["id"]]["tonnes"])]
            more = BIG_KG / 100 if "supply_exhausted" in relax else 0.0
            least = doc["params"].get("min_delivery_t") or 0.0
            if more and any(x["tonnes"] < least for x in doc["lots"]):
                # A lot smaller than the minimum delivery must go whole; more of it would
                # be held to the full minimum (clarification 8), which one number cannot
                # keep apart, so its minimum goes with it.
                _no_minimum(doc)
            for x in doc["lots"]:
                x["tonnes"] = max(0.0, x["tonnes"] - got[x["id"]]["tonnes"]) + more
        for code in sorted(relax - R5_CODES - {"supply_exhausted"}):
            RELAX[code](doc)
        _keep_distances(doc)
        return doc

    def _may_start(self, lot: Doc, elsewhere_t: float) -> bool:
        """Clarification 8: the minimum delivery uses the lot's full tonnes, so a rest below
        it cannot start a delivery (the what-if's smaller lot would get a smaller minimum)."""
        least = self.doc["params"].get("min_delivery_t") or 0.0
        return lot["tonnes"] - elsewhere_t >= min(least, lot["tonnes"]) - 1e-9

    def alone_with_free_room(self, *, lot: str | None = None, request: str | None = None) -> Doc:
        """Only `lot` (with every request, N free) or only `request` (with every lot, in
        full), every receiver's N room, phosphate room and A-share relaxed."""
        doc = copy.deepcopy(self.doc)
        if lot is not None:
            doc["lots"] = [x for x in doc["lots"] if x["id"] == lot]
            for r in doc["requests"]:
                r["n_kg"] = BIG_KG
        else:
            doc["requests"] = [r for r in doc["requests"] if r["id"] == request]
        for code in ("n_room_full", "p2o5_room_full", "a_share"):
            RELAX[code](doc)
        _keep_distances(doc)
        return doc


def _shrink_room(farm: Doc, animal_kg: float, cap: float) -> None:
    """Take `animal_kg` off the farm's N room (R1, R2) without touching its hectares (R6.3):
    every parcel's limit shrinks by the same factor; the normal land becomes a parcel at
    the cap."""
    if animal_kg <= 0:
        return
    parcels = [(float(farm.get("area_ha") or 0.0), cap)] + [
        (float(q["ha"]), float(q["n_limit_kg_per_ha"])) for q in farm.get("natural_land") or []
    ]
    room = sum(ha * limit for ha, limit in parcels)
    factor = max(0.0, room - animal_kg) / room
    farm["area_ha"] = 0.0
    farm["natural_land"] = [
        {"ha": ha, "n_limit_kg_per_ha": limit * factor} for ha, limit in parcels if ha > 0
    ]


def _keep_distances(doc: Doc) -> None:
    lots, requests = {x["id"] for x in doc["lots"]}, {r["id"] for r in doc["requests"]}
    doc["distances"] = [
        d for d in doc.get("distances") or [] if d["lot"] in lots and d["request"] in requests
    ]


def _free_n_room(doc: Doc) -> None:
    """Every farm's N room far above any request: the cap raised, all land under it. Where
    the higher cap would open a farm to non-organic manure (R6.3: own manure below the cap
    times its hectares), its requests keep refusing it, as they had to. A farm whose own
    manure fills more land than it has gets the hectares to hold it and the relaxed room."""
    cap = float(doc["params"]["n_cap_kg_per_ha"])
    for farm in doc["farms"]:
        parcels = [float(farm.get("area_ha") or 0.0)] + [
            float(q["ha"]) for q in farm.get("natural_land") or []
        ]
        own = float(farm.get("own_manure_n_kg") or 0.0)
        if own >= cap * sum(parcels):
            for r in doc["requests"]:
                if r["farm"] == farm["id"]:
                    r["accept_nonorganic"] = False
        farm["area_ha"] = max(sum(parcels), (own + BIG_KG) / BIG_LIMIT_KG_PER_HA)
        farm["natural_land"] = []
    doc["params"]["n_cap_kg_per_ha"] = BIG_LIMIT_KG_PER_HA


def _free_requests(doc: Doc) -> None:
    for r in doc["requests"]:
        r["n_kg"] = BIG_KG


def _free_p2o5(doc: Doc) -> None:
    for farm in doc["farms"]:
        farm["p2o5_room_kg"] = None


def _free_a_share(doc: Doc) -> None:
    for farm in doc["farms"]:
        farm["a_share_min"] = 0.0


def _no_minimum(doc: Doc) -> None:
    doc["params"]["min_delivery_t"] = None


RELAX: dict[str, Callable[[Doc], None]] = {
    "requests_met": _free_requests,
    "n_room_full": _free_n_room,
    "p2o5_room_full": _free_p2o5,
    "a_share": _free_a_share,
    "min_delivery": _no_minimum,
}
#: The rules a reason may name, one of each (both R5 codes relax the same rule).
FAMILIES = (*RELAX, "supply_exhausted", "r5_farm_exports")
