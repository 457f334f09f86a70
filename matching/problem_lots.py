"""The lots of an instance as arrays: class (R7-R10), contents, place, window and why a
lot cannot be placed at all.

Split from `matching.problem`: a lot's reading carries the category rules, the
intermediary (R11) and R5 blocks, and the truck loads, which the farms and requests do not.
Units: t, kg N and kg P2O5 per t, km, EUR per t.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.columns import column, days
from matching.problem_farms import Farms
from matching.problem_params import Loads
from matching.rules import KINDS, LotClass, classify_lot
from matching.rules.intermediary import intermediary_block


@dataclass(frozen=True)
class Lots:
    """Per-lot arrays. n_per_t is the N that counts (champost: 7 kg/t); blocked holds why a
    lot cannot be placed at all (category C, intermediary, R5), else None. outlet_eur_per_t:
    EUR/t the supplier saves per tonne placed (0 when absent); available_from/until: day
    ordinals of the window (-inf/+inf when open); load_t: t per truck load (the lot's own or
    `params.loads.capacity_t`; nan without `params.loads`, where any `load_t` is ignored)."""

    ids: list[str]
    classes: list[LotClass]
    kind: np.ndarray  # index into KINDS
    farm: np.ndarray
    tonnes: np.ndarray
    n_per_t: np.ndarray
    p2o5_per_t: np.ndarray
    a: np.ndarray
    animal: np.ndarray
    organic_manure: np.ndarray
    nonorganic_animal: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    max_km: np.ndarray
    blocked: list[str | None]
    outlet_eur_per_t: np.ndarray
    available_from: np.ndarray
    available_until: np.ndarray
    load_t: np.ndarray


def _blocked(
    lot: Mapping[str, Any], cls: LotClass, farm: Mapping[str, Any], day: str
) -> str | None:
    if not cls.placeable:
        return "category_c"
    block = intermediary_block(lot.get("intermediary"), day)
    if block is None and cls.organic_manure and farm.get("imported_nonorganic_this_year"):
        return "r5_imported_nonorganic"
    return block


def _load_t(docs: Sequence[Mapping[str, Any]], loads: Loads | None) -> np.ndarray:
    if loads is None:
        return np.full(len(docs), math.nan)
    return column(docs, "load_t", loads.capacity_t)


def read_lots(
    docs: Sequence[Mapping[str, Any]],
    farms: Farms,
    farm_docs: Sequence[Mapping[str, Any]],
    day: str,
    loads: Loads | None = None,
) -> Lots:
    index = {fid: i for i, fid in enumerate(farms.ids)}
    classes = [classify_lot(x["kind"], x.get("origin") or {}) for x in docs]
    farm = np.array([index[x["farm"]] for x in docs], dtype=np.int64)
    own_spot = np.array([x.get("lat") is not None and x.get("lon") is not None for x in docs])
    n = [
        c.n_override_kg_per_t if c.n_override_kg_per_t is not None else float(x["n_kg_per_t"])
        for x, c in zip(docs, classes, strict=True)
    ]
    return Lots(
        ids=[x["id"] for x in docs],
        classes=classes,
        kind=np.array([KINDS.index(x["kind"]) for x in docs], dtype=np.int64),
        farm=farm,
        tonnes=column(docs, "tonnes", 0.0),
        n_per_t=np.array(n, dtype=float),
        p2o5_per_t=column(docs, "p2o5_kg_per_t", 0.0),
        a=np.array([c.a_fraction for c in classes], dtype=float),
        animal=np.array([c.animal_fraction for c in classes], dtype=float),
        organic_manure=np.array([c.organic_manure for c in classes], dtype=bool),
        nonorganic_animal=np.array([c.nonorganic_animal for c in classes], dtype=bool),
        lat=np.where(own_spot, column(docs, "lat", math.nan), farms.lat[farm]),
        lon=np.where(own_spot, column(docs, "lon", math.nan), farms.lon[farm]),
        max_km=column(docs, "max_distance_km", math.inf),
        blocked=[
            _blocked(x, c, farm_docs[farm[i]], day)
            for i, (x, c) in enumerate(zip(docs, classes, strict=True))
        ],
        outlet_eur_per_t=column(docs, "outlet_eur_per_t", 0.0),
        available_from=days(docs, "available_from", -math.inf),
        available_until=days(docs, "available_until", math.inf),
        load_t=_load_t(docs, loads),
    )
