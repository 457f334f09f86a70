"""A lot's RVO manure code (mestcode) and a digestate's mix of codes, as a lot's input takes them.

Split from `market.listings.schemas`: the codes and their rules come from one table
(`matching/data/manure_codes.json`, RVO Tabel 11): a lot's code must belong to its kind, and
only a digestate states a mix of up to `MIX_PARTS_MAX` codes whose shares add up to 100 %.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic.config import JsonDict, JsonValue

from market.core.schemas import Number, Range, Schema, Text, choice, refuse
from market.models import LOT_KINDS
from matching.reference import codes_of_kind, manure_codes

#: An RVO manure code of Tabel 11 ("14"), as the VDM writes it.
ManureCode = Annotated[str, choice(manure_codes()["codes"])]
#: At most this many manure codes in a digestate's mix (as the VDM takes them).
MIX_PARTS_MAX = int(manure_codes()["digestate"]["max_parts"])
#: The shares of a mix may miss 100 by this much (rounding of typed percentages).
MIX_TOTAL_TOLERANCE = 0.01


def code_rules() -> list[JsonValue]:
    """The document's form of `LotInput._code_of_kind` and `_mix_of_digestate`: a kind takes
    its own codes (or none), and only a digestate a mix."""
    rules: list[JsonValue] = [
        {
            "if": {"required": ["kind"], "properties": {"kind": {"const": kind}}},
            "then": {"properties": {"manure_code": {"enum": [*codes_of_kind(kind), None]}}},
        }
        for kind in LOT_KINDS
    ]
    digestate_only: JsonDict = {"manure_mix": {"type": "null"}}
    not_digestate: JsonDict = {"kind": {"not": {"const": "digestate"}}}
    rules.append(
        {
            "if": {"required": ["kind"], "properties": not_digestate},
            "then": {"properties": digestate_only},
        }
    )
    return rules


def _digits(code: str | None) -> str | None:
    """A co-product code as the VDM writes it: digits only."""
    if code is not None and not (code.isascii() and code.isdigit()):
        raise refuse("coproduct_code")
    return code


class MixPart(Schema):
    """One manure that went into a digestate: its code and its share of the input (%)."""

    code: ManureCode
    percent: Annotated[Number, Range(above=0, high=100)]


def _parts(parts: list[MixPart]) -> list[MixPart]:
    """One to `MIX_PARTS_MAX` different codes whose shares add up to 100 %."""
    if not 1 <= len(parts) <= MIX_PARTS_MAX:
        raise refuse("manure_mix_parts", count=MIX_PARTS_MAX)
    if len({part.code for part in parts}) < len(parts):
        raise refuse("manure_mix_repeated")
    total = sum(part.percent for part in parts)
    if abs(total - 100) > MIX_TOTAL_TOLERANCE:
        raise refuse("manure_mix_total", total=round(total, 2))
    return parts


class ManureMix(Schema):
    """A digestate's manure as on the VDM: up to four codes with their shares (summing to
    100 %), and the code of the co-product (RVO's list of those is not checked here)."""

    parts: Annotated[list[MixPart], AfterValidator(_parts)] = Field(
        json_schema_extra={"minItems": 1, "maxItems": MIX_PARTS_MAX}
    )
    coproduct_code: Annotated[str, Text(8), AfterValidator(_digits)] | None = None
