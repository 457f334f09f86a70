"""The engine's reference tables, reshaped for the data layer.

`matching.reference` owns the data files (RVO standard contents per manure kind and the
organic excretion norms per animal category, each with its source and year); this module
only turns them into plain lookups. Imported lazily so the data layer stays importable on
its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache


@dataclass(frozen=True)
class Contents:
    """Nutrient contents in kg per tonne (standard contents: see `RVO_TABLE_FIELDS`)."""

    n_kg_per_t: float
    p2o5_kg_per_t: float
    k2o_kg_per_t: float


@cache
def standard_contents() -> dict[str, Contents]:
    """kind -> standard contents, from `matching/data/standard_contents.json`."""
    from matching.reference import standard_contents as table

    return {
        kind: Contents(
            float(row["n_kg_per_t"]), float(row["p2o5_kg_per_t"]), float(row["k2o_kg_per_t"])
        )
        for kind, row in table()["kinds"].items()
    }


def code_contents(code: str, on: date) -> Contents:
    """An RVO manure code's standard contents on `on` (the table of that year, else the newest
    earlier one; K2O, which Tabel 11 lacks, the kind's). Raises `KeyError` for an unknown code."""
    from matching.reference import standard_contents_for

    row = standard_contents_for(code, on)
    return Contents(row["n_kg_per_t"], row["p2o5_kg_per_t"], row["k2o_kg_per_t"])


def only_code(kind: str) -> str | None:
    """The kind's manure code when it has exactly one, so the code follows from the kind; None
    for a kind with several (the farmer says which) or none."""
    from matching.reference import codes_of_kind

    codes = codes_of_kind(kind)
    return codes[0] if len(codes) == 1 else None


@cache
def excretion_n_kg_per_head() -> dict[str, float]:
    """category -> kg N per animal per year (RVO organic excretion norms, R4)."""
    from matching.reference import excretion_norms as table

    return {
        category: float(row["n_kg_per_animal"]) for category, row in table()["categories"].items()
    }


#: The standard contents RVO's Tabel 11 gives (forfaitaire gehalten, by manure code); K2O,
#: and every figure of a kind without a code, are WUR/CBGV typical values
#: (`matching/data/standard_contents.json` names both sources).
RVO_TABLE_FIELDS = ("n_kg_per_t", "p2o5_kg_per_t")


def table_code(kind: str, code: str | None) -> str | None:
    """The manure code whose Tabel 11 figures a lot or delivery of `kind` with `code` gets
    for `RVO_TABLE_FIELDS`: its own code, else the kind's default one (a kind with several
    codes, none stated); None for a kind without codes (all its figures WUR/CBGV's)."""
    from matching.reference import standard_contents as table

    default = table()["kinds"].get(kind, {}).get("code")
    return code or (None if default is None else str(default))
