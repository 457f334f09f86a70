"""Which listings a run takes: one listing never stops the whole market.

A run's instance is built from every open listing in its scope. Before it is frozen, the
builder hands it here: a listing a coordinator suspended is left out, and so is every item
the engine's own validation refuses (`matching.validate.instance_errors`, the same check the
solver runs), each with its reasons. A refused farm takes its lots and requests with it. The
run then solves the rest; only a problem of the document as a whole (its params, format or
date) still fails the run.

The engine's check is passed in (`errors_of`) by the worker, the one package that knows both
the ORM and the engine (the web app imports only the pure parts of `matching`); the market
validates input with the same limits through `market.core.schemas.ceilings`.

What was left out is recorded on the run (`MatchRun.left_out`, shown on the run page) and on
each listing (`left_out_run_id`, `left_out_reason`, shown to its farmer); a listing the run
took loses an older note.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from market.models import Lot, MatchRun, Request

#: "lots[3].n_kg_per_t: must be …" → ("lots", 3, "n_kg_per_t: must be …").
ITEM_ERROR = re.compile(r"(farms|lots|requests)\[(\d+)\]\.?(.*)", re.DOTALL)
LISTINGS: dict[str, type[Lot] | type[Request]] = {"lots": Lot, "requests": Request}
#: Document id prefixes (`worker.documents`: lot 12 → "L12", request 3 → "R3").
PREFIXES = {"lots": "L", "requests": "R"}
SUSPENDED = "suspended by a coordinator: {reason}"
OF_FARM = "its farm {farm}: {reason}"

ErrorsOf = Callable[[Mapping[str, Any]], list[str]]


@dataclass(frozen=True)
class LeftOut:
    """An item the run left out: its list (`farms`, `lots`, `requests`), its document id
    ("L12") and why, as English sentences (the engine's, or a suspension's)."""

    item: str
    id: str
    reasons: tuple[str, ...]


def admit_snapshot(
    session: Session, run_id: int, snapshot: Mapping[str, Any], errors_of: ErrorsOf
) -> dict[str, Any]:
    """`snapshot` without its suspended and refused items, which are recorded on the run and
    on the listings (flushed, not committed: the builder commits with the snapshot)."""
    return admit_checked(session, run_id, snapshot, errors_of)[0]


def admit_checked(
    session: Session, run_id: int, snapshot: Mapping[str, Any], errors_of: ErrorsOf
) -> tuple[dict[str, Any], list[str]]:
    """`admit_snapshot`, and what `errors_of` finds in the admitted document ([]: the engine
    may take it without validating it again; otherwise the problems of the document as a
    whole, its format, date or params, which fail the run).

    Each listing is checked with the engine's limits once. When nothing was left out, the
    admitted document is the one just checked, so its problems are those found; only when
    something went is the rest checked a second time (a rare run).
    """
    suspended = suspended_keys(session, snapshot)
    errors = errors_of(snapshot)
    kept, left = admit(snapshot, errors, suspended)
    record(session, run_id, kept, left)
    return kept, errors_of(kept) if left else errors


def admit(
    doc: Mapping[str, Any], errors: Iterable[str], suspended: Mapping[str, str]
) -> tuple[dict[str, Any], list[LeftOut]]:
    """Pure: `doc` without the items that `errors` (the engine's, `lots[3].field: reason`)
    name or that are `suspended` (document id → the coordinator's reason), and what was left
    out. Errors that name no item stay for the builder's own check; other keys pass as they
    are."""
    refused = _refused(doc, errors)
    left = [LeftOut(item, key, tuple(reasons)) for (item, key), reasons in refused.items()]
    farms = {entry.id: entry.reasons for entry in left if entry.item == "farms"}
    for item in LISTINGS:
        left += _listings_left(doc, item, {entry.id for entry in left}, farms, suspended)
    gone = {(entry.item, entry.id) for entry in left}
    return _without(doc, gone), left


def suspended_keys(session: Session, doc: Mapping[str, Any]) -> dict[str, str]:
    """Document id → reason of each suspended lot and request in `doc` (the few suspended
    rows are read and matched here, so a national run sends no list of thousands of ids)."""
    found: dict[str, str] = {}
    for item, model in LISTINGS.items():
        keys = _keys(doc, item)
        query = select(model.id, model.suspended_reason).where(model.suspended_at.is_not(None))
        for ident, reason in session.execute(query):
            if (key := f"{PREFIXES[item]}{ident}") in keys:
                found[key] = reason or ""
    return found


def record(session: Session, run_id: int, kept: Mapping[str, Any], left: list[LeftOut]) -> None:
    """The run's list of left-out items, each left-out listing's note, and no note on the
    listings the run took (only the few rows that carry one are touched)."""
    session.get_one(MatchRun, run_id).left_out = [
        {**asdict(entry), "reasons": list(entry.reasons)} for entry in left
    ]
    for item, model in LISTINGS.items():
        taken = _keys(kept, item)
        noted = select(model.id).where(model.left_out_run_id.is_not(None))
        cleared = [i for i in session.scalars(noted) if f"{PREFIXES[item]}{i}" in taken]
        _note(session, model, cleared, None, None)
        for entry in left:
            ident = _row_id(entry.id)
            if entry.item == item and ident is not None:
                _note(session, model, [ident], run_id, "; ".join(entry.reasons))


def _note(
    session: Session,
    model: type[Lot] | type[Request],
    ids: list[int],
    run_id: int | None,
    reason: str | None,
) -> None:
    """Set (or clear) the left-out note of rows `ids`, leaving their edit time alone."""
    if not ids:
        return
    values = {"left_out_run_id": run_id, "left_out_reason": reason, "updated_at": model.updated_at}
    statement = update(model).where(model.id.in_(ids)).values(values)
    session.execute(statement.execution_options(synchronize_session=False))


def _keys(doc: Mapping[str, Any], item: str) -> set[str]:
    """The document ids of `doc[item]`."""
    return {key for entry in doc.get(item) or [] if isinstance(key := _key(entry), str)}


def _refused(doc: Mapping[str, Any], errors: Iterable[str]) -> dict[tuple[str, str], list[str]]:
    """(list, document id) → the engine's reasons, each without its item's path."""
    refused: dict[tuple[str, str], list[str]] = defaultdict(list)
    for error in errors:
        match = ITEM_ERROR.match(error)
        if match is None:
            continue
        item, index, reason = match.group(1), int(match.group(2)), match.group(3)
        entries = doc.get(item)
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        key = entry.get("id") if isinstance(entry, Mapping) else None
        refused[(item, key if isinstance(key, str) else f"{item}[{index}]")].append(reason)
    return dict(refused)


def _listings_left(
    doc: Mapping[str, Any],
    item: str,
    already: set[str],
    farms: Mapping[str, tuple[str, ...]],
    suspended: Mapping[str, str],
) -> list[LeftOut]:
    """The lots (or requests) left out for their farm or their suspension."""
    left = []
    for entry in doc.get(item) or []:
        key, farm = entry.get("id"), entry.get("farm")
        if not isinstance(key, str) or key in already:
            continue
        if key in suspended:
            left.append(LeftOut(item, key, (SUSPENDED.format(reason=suspended[key]),)))
        elif isinstance(farm, str) and farm in farms:
            reasons = tuple(OF_FARM.format(farm=farm, reason=r) for r in farms[farm])
            left.append(LeftOut(item, key, reasons))
    return left


def _without(doc: Mapping[str, Any], gone: set[tuple[str, str]]) -> dict[str, Any]:
    """`doc` without the items in `gone`, and without distances naming a lot or request gone."""
    kept = dict(doc)
    for item in ("farms", *LISTINGS):
        entries = doc.get(item)
        if isinstance(entries, list):
            kept[item] = [entry for entry in entries if (item, _key(entry)) not in gone]
    distances = doc.get("distances")
    if isinstance(distances, list):
        kept["distances"] = [
            entry
            for entry in distances
            if not isinstance(entry, Mapping)
            or (
                ("lots", entry.get("lot")) not in gone
                and ("requests", entry.get("request")) not in gone
            )
        ]
    return kept


def _key(entry: Any) -> Any:
    return entry.get("id") if isinstance(entry, Mapping) else None


def _row_id(key: Any) -> int | None:
    """The database id behind a document id ("L12" → 12); None for anything else."""
    if isinstance(key, str) and len(key) > 1 and key[1:].isdigit():
        return int(key[1:])
    return None
