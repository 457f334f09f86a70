"""Validation of an instance's `params` (the policy numbers, minimum delivery and truck
loads) and of a truck load's size, which a lot may also give (`lots[].load_t`); the rest of
the document is `matching.validate`'s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matching.validate_fields import (
    MAX_EUR,
    MAX_EUR_PER_LOAD,
    MAX_KG_PER_HA,
    MAX_KM,
    MAX_ROAD_FACTOR,
    MAX_TONNES,
    FieldReport,
    is_number,
)

#: params: (name, ceiling); each is a non-negative number.
PARAM_LIMITS = (
    ("n_cap_kg_per_ha", MAX_KG_PER_HA),
    ("n_value_eur_per_kg", MAX_EUR),
    ("transport_eur_per_t_km", MAX_EUR),
    ("road_factor", MAX_ROAD_FACTOR),
)


def check_params(report: FieldReport, params: Any) -> None:
    """`params`: the policy numbers, the optional minimum delivery and truck loads."""
    if not isinstance(params, Mapping):
        report.add("params", "must be an object")
        return
    for name, high in PARAM_LIMITS:
        report.quantity(f"params.{name}", params.get(name), high)
    report.number("params.a_share_min", params.get("a_share_min"), 0.0, 1.0)
    report.quantity("params.max_distance_km", params.get("max_distance_km"), MAX_KM, nullable=True)
    report.quantity(
        "params.min_delivery_t", params.get("min_delivery_t"), MAX_TONNES, nullable=True
    )
    loads = report.optional_object("params.loads", params.get("loads"))
    if loads is not None:
        _check_loads(report, loads)


#: `params.loads` is a closed object: a misspelt price would otherwise cost nothing.
LOAD_FIELDS = ("capacity_t", "eur_per_load", "eur_per_load_km")


def _check_loads(report: FieldReport, loads: Mapping) -> None:
    for key in sorted(str(k) for k in loads if k not in LOAD_FIELDS):
        report.add(f"params.loads.{key}", f"unknown field (known: {', '.join(LOAD_FIELDS)})")
    for key in LOAD_FIELDS:
        if key not in loads:
            report.add(f"params.loads.{key}", "is required")
    if "capacity_t" in loads:
        check_load_t(report, "params.loads.capacity_t", loads["capacity_t"], nullable=False)
    if "eur_per_load" in loads:
        report.quantity("params.loads.eur_per_load", loads["eur_per_load"], MAX_EUR_PER_LOAD)
    if "eur_per_load_km" in loads:
        report.quantity("params.loads.eur_per_load_km", loads["eur_per_load_km"], MAX_EUR)


def check_load_t(report: FieldReport, where: str, value: Any, *, nullable: bool) -> None:
    """A truck load's tonnes: more than 0 (a load of nothing moves nothing)."""
    if value is None and nullable:
        return
    if not is_number(value):
        report.add(where, "must be a number")
    elif not 0 < value <= MAX_TONNES:
        report.add(where, f"must be more than 0 and at most {MAX_TONNES:g}")
