"""Instance validation: refuse a bad document with messages that name the item and field.

One validation for the engine (`solve_instance`, `python -m matching solve`) and the
independent checker (`check_solution`, `python -m matching check`): it reads the document
as JSON data of any shape and never fails on it, whatever type sits in whatever place.
Every problem is collected (not just the first) as `lots[3].n_kg_per_t: must be between 0
and 1000`, so whoever wrote the instance can fix all of them in one go. The CLI exits 2 on
`InvalidInstance`; the worker shows the messages to the coordinator. The limits are in
`matching.validate_fields`. `read_document` and `write_document` are the command line's
JSON files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from matching.validate_fields import (
    MAX_EUR,
    MAX_HA,
    MAX_KG,
    MAX_KG_PER_HA,
    MAX_KG_PER_T,
    MAX_KM,
    MAX_TONNES,
    FieldReport,
    is_number,
    shown,
)
from matching.validate_params import check_load_t, check_params
from matching.vocabulary import (
    INSTANCE_FORMAT,
    KINDS,
    ORIGIN_FLAGS,
    ORIGIN_SHARES,
    RECEIVING_STATUSES,
    STATUSES,
)

FARM_FLAGS = ("exported_organic_this_year", "imported_nonorganic_this_year")
#: Why a pair is excluded: the coordinator rejected its proposal, or a farm declined it.
EXCLUSION_REASONS = ("rejected", "declined")

Items = list[tuple[str, Mapping]]


class InvalidInstance(ValueError):
    """The instance breaks its format; `errors` lists every problem, one sentence each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("invalid instance:\n" + "\n".join(errors))
        self.errors = errors


def _unique_ids(report: FieldReport, items: Items) -> dict[str, Mapping]:
    seen: dict[str, Mapping] = {}
    for path, item in items:
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            report.add(f"{path}.id", "must be a non-empty string")
        elif ident in seen:
            report.add(f"{path}.id", f"duplicate id {shown(ident)}")
        else:
            seen[ident] = item
    return seen


def _check_coordinates(report: FieldReport, path: str, item: Mapping, *, optional: bool) -> None:
    lat, lon = item.get("lat"), item.get("lon")
    if optional and lat is None and lon is None:
        return
    if optional and (lat is None) != (lon is None):
        report.add(f"{path}.lat", "lat and lon must be given together")
        return
    report.number(f"{path}.lat", lat, -90.0, 90.0)
    report.number(f"{path}.lon", lon, -180.0, 180.0)


NITROGEN_FIELDS = (
    "own_manure_n_kg",
    "exported_animal_n_kg",
    "other_n_kg",
    "other_a_n_kg",
    "received_animal_n_kg",
)
#: A part that must not exceed its whole: other A-N of other N, and the own manure that left
#: the farm of what the own animals produce (docs/engine.md, `exported_animal_n_kg`).
PARTS_OF = (("other_a_n_kg", "other_n_kg"), ("exported_animal_n_kg", "own_manure_n_kg"))


def _check_nitrogen(report: FieldReport, path: str, farm: Mapping) -> None:
    """Own, exported, other and received N (missing or null = 0), each part at most its
    whole (`PARTS_OF`) where both passed their own check (one problem per field)."""
    passed = {
        name: report.quantity(f"{path}.{name}", farm.get(name), MAX_KG, nullable=True)
        for name in NITROGEN_FIELDS
    }
    for part_name, whole_name in PARTS_OF:
        part, whole = farm.get(part_name) or 0, farm.get(whole_name) or 0
        if passed[part_name] and passed[whole_name] and part > whole:
            report.add(f"{path}.{part_name}", f"must not exceed {whole_name}")


def _check_farm(report: FieldReport, path: str, farm: Mapping) -> None:
    report.choice(f"{path}.status", farm.get("status"), STATUSES)
    report.choice(f"{path}.own_manure_status", farm.get("own_manure_status"), STATUSES)
    _check_coordinates(report, path, farm, optional=False)
    report.quantity(f"{path}.area_ha", farm.get("area_ha"), MAX_HA)
    _check_nitrogen(report, path, farm)
    report.number(f"{path}.a_share_min", farm.get("a_share_min"), 0.0, 1.0, nullable=True)
    report.quantity(f"{path}.p2o5_room_kg", farm.get("p2o5_room_kg"), MAX_KG, nullable=True)
    for flag in FARM_FLAGS:
        report.boolean(f"{path}.{flag}", farm.get(flag))
    parcels = report.objects(f"{path}.natural_land", farm.get("natural_land"), nullable=True)
    for where, parcel in parcels:
        report.quantity(f"{where}.ha", parcel.get("ha"), MAX_HA)
        report.quantity(
            f"{where}.n_limit_kg_per_ha", parcel.get("n_limit_kg_per_ha"), MAX_KG_PER_HA
        )


def _check_natural_limits(report: FieldReport, items: Items, params: Any) -> None:
    """R2: natural land (natuurgrond) may carry a lower N limit than the normal cap, never a
    higher one, so a parcel's limit above `params.n_cap_kg_per_ha` is refused."""
    cap: Any = params.get("n_cap_kg_per_ha") if isinstance(params, Mapping) else None
    if not is_number(cap):
        return
    for path, farm in items:
        parcels = farm.get("natural_land")
        for i, parcel in enumerate(parcels if isinstance(parcels, list) else []):
            limit: Any = parcel.get("n_limit_kg_per_ha") if isinstance(parcel, Mapping) else None
            if is_number(limit) and limit > cap:
                report.add(
                    f"{path}.natural_land[{i}].n_limit_kg_per_ha",
                    f"must not exceed params.n_cap_kg_per_ha ({cap:g})",
                )


def _check_origin(report: FieldReport, path: str, origin: Mapping) -> None:
    if origin.get("status") is not None:
        report.choice(f"{path}.status", origin.get("status"), STATUSES)
    for flag in ORIGIN_FLAGS:
        report.boolean(f"{path}.{flag}", origin.get(flag))
    for share in ORIGIN_SHARES:
        report.number(f"{path}.{share}", origin.get(share), 0.0, 1.0, nullable=True)
    made = origin.get("made_from")
    if made is not None:
        report.choice(f"{path}.made_from", made, ("A", "B", "C"))


def _check_intermediary(report: FieldReport, path: str, value: Mapping) -> None:
    report.boolean(f"{path}.skal_approved", value.get("skal_approved"))
    report.iso_date(f"{path}.valid_until", value.get("valid_until"), nullable=True)


def _check_lot(report: FieldReport, path: str, lot: Mapping, farms: Mapping[str, Mapping]) -> None:
    report.ref(f"{path}.farm", lot.get("farm"), farms, "farm")
    report.choice(f"{path}.kind", lot.get("kind"), KINDS)
    report.quantity(f"{path}.tonnes", lot.get("tonnes"), MAX_TONNES)
    report.number(f"{path}.n_kg_per_t", lot.get("n_kg_per_t"), 0.0, MAX_KG_PER_T)
    for name in ("p2o5_kg_per_t", "k2o_kg_per_t"):
        report.number(f"{path}.{name}", lot.get(name), 0.0, MAX_KG_PER_T, nullable=True)
    report.quantity(f"{path}.max_distance_km", lot.get("max_distance_km"), MAX_KM, nullable=True)
    report.quantity(f"{path}.outlet_eur_per_t", lot.get("outlet_eur_per_t"), MAX_EUR, nullable=True)
    report.window(path, lot, "available_from", "available_until")
    check_load_t(report, f"{path}.load_t", lot.get("load_t"), nullable=True)
    _check_coordinates(report, path, lot, optional=True)
    for name, check in (("origin", _check_origin), ("intermediary", _check_intermediary)):
        value = report.optional_object(f"{path}.{name}", lot.get(name))
        if value is not None:
            check(report, f"{path}.{name}", value)


def _receives(farm: Mapping) -> bool:
    """R3: a farm may request organic fertiliser only when it is organic or converting."""
    status = farm.get("status")
    return isinstance(status, str) and status in RECEIVING_STATUSES


def _check_request(
    report: FieldReport, path: str, request: Mapping, farms: Mapping[str, Mapping]
) -> None:
    known = report.ref(f"{path}.farm", request.get("farm"), farms, "farm")
    if known and not _receives(farms[request["farm"]]):
        report.add(f"{path}.farm", "a conventional farm cannot request organic fertiliser")
    report.quantity(f"{path}.n_kg", request.get("n_kg"), MAX_KG)
    report.boolean(f"{path}.accept_nonorganic", request.get("accept_nonorganic"))
    report.quantity(
        f"{path}.max_distance_km", request.get("max_distance_km"), MAX_KM, nullable=True
    )
    report.window(path, request, "wanted_from", "wanted_until")
    kinds = request.get("kinds")
    if kinds is None:
        return
    if not isinstance(kinds, list):
        report.add(f"{path}.kinds", "must be a list of kinds or null")
        return
    for j, kind in enumerate(kinds):
        report.choice(f"{path}.kinds[{j}]", kind, KINDS)


def _check_distances(report: FieldReport, items: Items, lots: Mapping, requests: Mapping) -> None:
    seen: set[tuple[str, str]] = set()
    for path, item in items:
        report.quantity(f"{path}.km", item.get("km"), MAX_KM)
        report.pair(path, item, (lots, requests), seen, "distance")


def _check_excluded(report: FieldReport, items: Items, lots: Mapping, requests: Mapping) -> None:
    """`excluded_pairs`: each names a known lot and request once, with why it is excluded."""
    seen: set[tuple[str, str]] = set()
    for path, item in items:
        report.pair(path, item, (lots, requests), seen, "excluded pair")
        report.choice(f"{path}.reason", item.get("reason"), EXCLUSION_REASONS)


def _each(
    report: FieldReport, items: Items, check: Callable[[FieldReport, str, Mapping], None]
) -> None:
    for path, item in items:
        check(report, path, item)


def instance_errors(doc: Any) -> list[str]:
    """Every problem of `doc` (any JSON value) as `path: reason`; [] when it is valid."""
    if not isinstance(doc, Mapping):
        return ["instance: must be a JSON object"]
    report = FieldReport()
    if doc.get("format") != INSTANCE_FORMAT:
        report.add("format", f"must be {INSTANCE_FORMAT!r}, not {shown(doc.get('format'))}")
    report.iso_date("date", doc.get("date"))
    check_params(report, doc.get("params"))
    farm_items = report.objects("farms", doc.get("farms"), nullable=False)
    lot_items = report.objects("lots", doc.get("lots"), nullable=False)
    request_items = report.objects("requests", doc.get("requests"), nullable=False)
    farms = _unique_ids(report, farm_items)
    lots, requests = _unique_ids(report, lot_items), _unique_ids(report, request_items)
    _each(report, farm_items, _check_farm)
    _check_natural_limits(report, farm_items, doc.get("params"))
    _each(report, lot_items, lambda r, p, x: _check_lot(r, p, x, farms))
    _each(report, request_items, lambda r, p, x: _check_request(r, p, x, farms))
    distances = report.objects("distances", doc.get("distances"), nullable=True)
    _check_distances(report, distances, lots, requests)
    excluded = report.objects("excluded_pairs", doc.get("excluded_pairs"), nullable=True)
    _check_excluded(report, excluded, lots, requests)
    return report.errors


def validate_instance(doc: Any) -> None:
    """Raise `InvalidInstance` listing every problem of `doc`; return quietly when valid."""
    errors = instance_errors(doc)
    if errors:
        raise InvalidInstance(errors)


def read_document(path: str) -> Any:
    """The JSON value in the file at `path`, not yet validated. Raises `InvalidInstance`
    with one line `cannot read PATH: reason` when the file is missing, unreadable, not
    UTF-8, not JSON, or nested too deeply for the parser."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError, RecursionError) as exc:
        raise InvalidInstance([f"cannot read {path}: {exc}"]) from exc


#: Lines the command line prints of one list of problems: a document that is wrong at its
#: root (farms not a list) makes every lot refer to an unknown farm, thousands of lines
#: that all say the first one again.
SHOWN_PROBLEMS = 50


def problem_lines(problems: Sequence[str]) -> str:
    """The first SHOWN_PROBLEMS problems, one a line, and how many more there are."""
    shown = list(problems[:SHOWN_PROBLEMS])
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(f"… and {len(problems) - SHOWN_PROBLEMS:,} more problems")
    return "\n".join(shown)


def write_document(path: str, doc: Any) -> None:
    """Write `doc` as the JSON file at `path` (UTF-8, indented by one space), the form in
    which the command line hands instances and solutions back; raises `OSError`."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=1)
