"""Instance validation: refuse a bad document with messages that name the item and field.

Every problem is collected (not just the first) as `lots[3].n_kg_per_t: must be between 0
and 100`, so whoever wrote the instance can fix all of them in one go. The CLI exits 2 on
`InvalidInstance`; the worker shows the messages to the coordinator.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from matching.rules import KINDS, RECEIVING_STATUSES, STATUSES

INSTANCE_FORMAT = "mestmatch/instance@1"
MAX_N_KG_PER_T = 100.0  # kg per tonne: organic inputs stay far below (poultry pellets ~40)
REQUIRED_PARAMS = (
    "n_cap_kg_per_ha",
    "a_share_min",
    "n_value_eur_per_kg",
    "transport_eur_per_t_km",
    "road_factor",
)
FARM_FLAGS = ("exported_organic_this_year", "imported_nonorganic_this_year")
ORIGIN_FLAGS = (
    "husbandry_ok",
    "direct_from_organic_farm",
    "manure_organic",
    "coproducts_annex_ii",
    "skal_input_list",
)


class InvalidInstance(ValueError):
    """The instance breaks its format; `errors` lists every problem, one sentence each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("invalid instance:\n" + "\n".join(errors))
        self.errors = errors


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Report:
    """Collects problems; each `check_*` returns whether the value passed."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, message: str) -> bool:
        self.errors.append(f"{where}: {message}")
        return False

    def number(
        self,
        where: str,
        value: Any,
        low: float = 0.0,
        high: float = math.inf,
        *,
        nullable: bool = False,
    ) -> bool:
        if value is None and nullable:
            return True
        if not _is_number(value):
            return self.add(where, "must be a number")
        if not low <= value <= high:
            bound = f"between {low:g} and {high:g}" if high < math.inf else f"at least {low:g}"
            return self.add(where, f"must be {bound}")
        return True

    def boolean(self, where: str, value: Any) -> bool:
        if value is None or isinstance(value, bool):
            return True
        return self.add(where, "must be true, false or null")

    def choice(self, where: str, value: Any, allowed: tuple[str, ...]) -> bool:
        if value in allowed:
            return True
        return self.add(where, f"must be one of {', '.join(allowed)}, not {value!r}")

    def iso_date(self, where: str, value: Any, *, nullable: bool = False) -> bool:
        if value is None and nullable:
            return True
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return self.add(where, "must be a date YYYY-MM-DD")
        return True


def _items(report: _Report, doc: Mapping[str, Any], key: str) -> list[tuple[str, Mapping]]:
    """(path, item) for each object of a top-level list; reports non-lists and non-objects."""
    items = doc.get(key)
    if items is None and key == "distances":
        return []  # distances are optional
    if not isinstance(items, list):
        report.add(key, "must be a list")
        return []
    out = []
    for i, item in enumerate(items):
        if isinstance(item, Mapping):
            out.append((f"{key}[{i}]", item))
        else:
            report.add(f"{key}[{i}]", "must be an object")
    return out


def _unique_ids(report: _Report, items: list[tuple[str, Mapping]]) -> dict[str, Mapping]:
    seen: dict[str, Mapping] = {}
    for path, item in items:
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            report.add(f"{path}.id", "must be a non-empty string")
        elif ident in seen:
            report.add(f"{path}.id", f"duplicate id {ident!r}")
        else:
            seen[ident] = item
    return seen


def _check_params(report: _Report, params: Any) -> None:
    if not isinstance(params, Mapping):
        report.add("params", "must be an object")
        return
    for name in REQUIRED_PARAMS:
        high = 1.0 if name == "a_share_min" else math.inf
        report.number(f"params.{name}", params.get(name), 0.0, high)
    report.number("params.max_distance_km", params.get("max_distance_km"), nullable=True)
    report.number("params.min_delivery_t", params.get("min_delivery_t"), nullable=True)


def _check_coordinates(report: _Report, path: str, item: Mapping, *, optional: bool) -> None:
    lat, lon = item.get("lat"), item.get("lon")
    if optional and lat is None and lon is None:
        return
    if optional and (lat is None) != (lon is None):
        report.add(f"{path}.lat", "lat and lon must be given together")
        return
    report.number(f"{path}.lat", lat, -90.0, 90.0)
    report.number(f"{path}.lon", lon, -180.0, 180.0)


def _check_farm(report: _Report, path: str, farm: Mapping) -> None:
    report.choice(f"{path}.status", farm.get("status"), STATUSES)
    report.choice(f"{path}.own_manure_status", farm.get("own_manure_status"), STATUSES)
    _check_coordinates(report, path, farm, optional=False)
    report.number(f"{path}.area_ha", farm.get("area_ha"))
    for name in ("own_manure_n_kg", "other_n_kg", "other_a_n_kg"):
        report.number(f"{path}.{name}", farm.get(name, 0), nullable=True)
    other, other_a = farm.get("other_n_kg") or 0, farm.get("other_a_n_kg") or 0
    if _is_number(other) and _is_number(other_a) and other_a > other:
        report.add(f"{path}.other_a_n_kg", "must not exceed other_n_kg")
    report.number(f"{path}.a_share_min", farm.get("a_share_min"), 0.0, 1.0, nullable=True)
    report.number(f"{path}.p2o5_room_kg", farm.get("p2o5_room_kg"), nullable=True)
    for flag in FARM_FLAGS:
        report.boolean(f"{path}.{flag}", farm.get(flag))
    parcels = farm.get("natural_land") or []
    if not isinstance(parcels, list):
        report.add(f"{path}.natural_land", "must be a list")
        return
    for j, parcel in enumerate(parcels):
        where = f"{path}.natural_land[{j}]"
        if not isinstance(parcel, Mapping):
            report.add(where, "must be an object")
            continue
        report.number(f"{where}.ha", parcel.get("ha"))
        report.number(f"{where}.n_limit_kg_per_ha", parcel.get("n_limit_kg_per_ha"))


def _check_origin(report: _Report, path: str, origin: Any) -> None:
    if origin is None:
        return
    if not isinstance(origin, Mapping):
        report.add(path, "must be an object")
        return
    if origin.get("status") is not None:
        report.choice(f"{path}.status", origin.get("status"), STATUSES)
    for flag in ORIGIN_FLAGS:
        report.boolean(f"{path}.{flag}", origin.get(flag))
    for share in ("manure_share", "coproducts_organic_share"):
        report.number(f"{path}.{share}", origin.get(share), 0.0, 1.0, nullable=True)
    made = origin.get("made_from")
    if made is not None:
        report.choice(f"{path}.made_from", made, ("A", "B", "C"))


def _check_intermediary(report: _Report, path: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Mapping):
        report.add(path, "must be an object or null")
        return
    report.boolean(f"{path}.skal_approved", value.get("skal_approved"))
    report.iso_date(f"{path}.valid_until", value.get("valid_until"), nullable=True)


def _check_lot(report: _Report, path: str, lot: Mapping, farms: Mapping[str, Mapping]) -> None:
    if lot.get("farm") not in farms:
        report.add(f"{path}.farm", f"unknown farm {lot.get('farm')!r}")
    report.choice(f"{path}.kind", lot.get("kind"), KINDS)
    report.number(f"{path}.tonnes", lot.get("tonnes"))
    report.number(f"{path}.n_kg_per_t", lot.get("n_kg_per_t"), 0.0, MAX_N_KG_PER_T)
    for name in ("p2o5_kg_per_t", "k2o_kg_per_t"):
        report.number(f"{path}.{name}", lot.get(name), 0.0, MAX_N_KG_PER_T, nullable=True)
    report.number(f"{path}.max_distance_km", lot.get("max_distance_km"), nullable=True)
    _check_coordinates(report, path, lot, optional=True)
    _check_origin(report, f"{path}.origin", lot.get("origin"))
    _check_intermediary(report, f"{path}.intermediary", lot.get("intermediary"))


def _check_request(
    report: _Report, path: str, request: Mapping, farms: Mapping[str, Mapping]
) -> None:
    farm = farms.get(request.get("farm"))  # type: ignore[arg-type]
    if farm is None:
        report.add(f"{path}.farm", f"unknown farm {request.get('farm')!r}")
    elif farm.get("status") not in RECEIVING_STATUSES:
        report.add(f"{path}.farm", "a conventional farm cannot request organic fertiliser")
    report.number(f"{path}.n_kg", request.get("n_kg"))
    report.boolean(f"{path}.accept_nonorganic", request.get("accept_nonorganic"))
    report.number(f"{path}.max_distance_km", request.get("max_distance_km"), nullable=True)
    kinds = request.get("kinds")
    if kinds is None:
        return
    if not isinstance(kinds, list):
        report.add(f"{path}.kinds", "must be a list of kinds or null")
        return
    for j, kind in enumerate(kinds):
        report.choice(f"{path}.kinds[{j}]", kind, KINDS)


def _check_distances(
    report: _Report, items: list[tuple[str, Mapping]], lots: Mapping, requests: Mapping
) -> None:
    seen: set[tuple[Any, Any]] = set()
    for path, item in items:
        pair = (item.get("lot"), item.get("request"))
        if pair[0] not in lots:
            report.add(f"{path}.lot", f"unknown lot {pair[0]!r}")
        if pair[1] not in requests:
            report.add(f"{path}.request", f"unknown request {pair[1]!r}")
        if pair in seen:
            report.add(path, f"duplicate distance for lot {pair[0]!r} and request {pair[1]!r}")
        seen.add(pair)
        report.number(f"{path}.km", item.get("km"))


def _each(
    report: _Report,
    items: list[tuple[str, Mapping]],
    check: Callable[[_Report, str, Mapping], None],
) -> None:
    for path, item in items:
        check(report, path, item)


def instance_errors(doc: Any) -> list[str]:
    """Every problem of `doc` as `path: reason`; [] when it is a valid instance."""
    report = _Report()
    if not isinstance(doc, Mapping):
        return ["instance: must be a JSON object"]
    if doc.get("format") != INSTANCE_FORMAT:
        report.add("format", f"must be {INSTANCE_FORMAT!r}, not {doc.get('format')!r}")
    report.iso_date("date", doc.get("date"))
    _check_params(report, doc.get("params"))
    farm_items = _items(report, doc, "farms")
    lot_items = _items(report, doc, "lots")
    request_items = _items(report, doc, "requests")
    farms = _unique_ids(report, farm_items)
    lots, requests = _unique_ids(report, lot_items), _unique_ids(report, request_items)
    _each(report, farm_items, _check_farm)
    _each(report, lot_items, lambda r, p, x: _check_lot(r, p, x, farms))
    _each(report, request_items, lambda r, p, x: _check_request(r, p, x, farms))
    _check_distances(report, _items(report, doc, "distances"), lots, requests)
    return report.errors


def validate_instance(doc: Any) -> None:
    """Raise `InvalidInstance` listing every problem of `doc`; return quietly when valid."""
    errors = instance_errors(doc)
    if errors:
        raise InvalidInstance(errors)
