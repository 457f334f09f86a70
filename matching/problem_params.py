"""The policy numbers of one instance (`params`), read once for the model and the checks.

Split from `matching.problem` so the farms and lots it reads can take the numbers they need
without importing the whole reading. Units: t, kg N, EUR, km.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Loads:
    """`params.loads`: transport paid per truck load. capacity_t (t per load, > 0) unless a
    lot's `load_t` overrides it; cost of a flow = loads × (eur_per_load + eur_per_load_km × km)."""

    capacity_t: float
    eur_per_load: float
    eur_per_load_km: float

    @classmethod
    def of(cls, loads: Mapping[str, Any] | None) -> Loads | None:
        names = ("capacity_t", "eur_per_load", "eur_per_load_km")
        return None if loads is None else cls(*(float(loads[k]) for k in names))


@dataclass(frozen=True)
class Params:
    """The rulebook's policy numbers of one instance (`params`); `loads` None = per t·km."""

    n_cap_kg_per_ha: float
    a_share_min: float
    n_value_eur_per_kg: float
    transport_eur_per_t_km: float
    road_factor: float
    max_distance_km: float  # inf when null
    min_delivery_t: float  # 0 when null (clarification 8: 0 = none)
    loads: Loads | None = None

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> Params:
        limit, minimum = params.get("max_distance_km"), params.get("min_delivery_t")
        return cls(
            float(params["n_cap_kg_per_ha"]),
            float(params["a_share_min"]),
            float(params["n_value_eur_per_kg"]),
            float(params["transport_eur_per_t_km"]),
            float(params["road_factor"]),
            math.inf if limit is None else float(limit),
            0.0 if minimum is None else float(minimum),
            Loads.of(params.get("loads")),
        )
