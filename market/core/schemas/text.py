"""Text fields: stripped, storable, and free of characters a reader cannot see.

Split from `market.core.schemas.fields`: what text may hold is one concern, with its
pattern for the API document (`_visible_pattern`), which the registration numbers'
patterns share the edges of (`edge_pattern`).
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from market.core.schemas.numbers import refuse


@dataclass(frozen=True)
class Text:
    """Stripped text of at most `max_length` characters that a database can store and a
    reader sees as it is; blank is None (a field left empty).

    Control and format characters (Unicode Cc, Cf) are refused (`text_control`): a
    right-to-left override (U+202E) makes "Oost" read as "tsoO" and hides what a name says,
    a bell or an escape has no business in a name. `lines` (a message, a reason: a text
    area) lets line breaks and tabs through. Blanks, tabs and line breaks around the text
    are stripped, not refused. The document states the rule as a `pattern` (`_visible_pattern`).
    """

    max_length: int
    lines: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        text = core_schema.str_schema(strip_whitespace=True, max_length=self.max_length)
        stored = core_schema.no_info_after_validator_function(_storable, text)
        return core_schema.no_info_before_validator_function(self.check, stored)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        pattern = _visible_pattern(self.lines)
        return {"type": "string", "maxLength": self.max_length, "pattern": pattern}

    def check(self, value: Any) -> Any:
        """`value` as given, unless its text between the edges holds a character it may not."""
        allowed = LINE_CHARACTERS if self.lines else ""
        if isinstance(value, str) and any(
            _hidden(char) and char not in allowed for char in value.strip(EDGE_CHARACTERS)
        ):
            raise refuse("text_control")
        return value


#: Control characters a text may begin or end with: they are stripped (ASCII whitespace).
EDGE_CHARACTERS = " \t\n\v\f\r"
#: Control characters a text of several lines may hold: line breaks and tabs.
LINE_CHARACTERS = "\t\n\r"
HIDDEN_CATEGORIES = ("Cc", "Cf")


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in HIDDEN_CATEGORIES


@cache
def _visible_pattern(lines: bool) -> str:
    """`Text.check` as a JSON Schema pattern (ECMA-262 with the u flag, as JSON Schema
    2020-12 reads it): edge whitespace, then no hidden character (those of `LINE_CHARACTERS`
    apart in `lines`), then edge whitespace.

    Code points of the basic plane are written as \\u and four hex digits, which ECMA-262,
    Python and Rust (schemathesis's generator and validator) read alike; the few above it
    (tags, musical format marks) are written as themselves, as none of the three has a
    common escape.
    """
    hidden = [c for c in range(sys.maxunicode + 1) if _hidden(chr(c))]
    allowed = {ord(char) for char in LINE_CHARACTERS} if lines else set()
    ranges = _ranges([code for code in hidden if code not in allowed])
    refused = "".join(
        _written(low) + (f"-{_written(high)}" if high > low else "") for low, high in ranges
    )
    return f"^{edge_pattern()}[^{refused}]*{edge_pattern()}$"


def edge_pattern() -> str:
    """`EDGE_CHARACTERS` as a pattern: what a documented text may begin or end with."""
    return "[" + "".join(_written(ord(char)) for char in EDGE_CHARACTERS) + "]*"


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


def _written(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


def _storable(value: str) -> str | None:
    """Lone surrogates cannot go into a database (PostgreSQL refuses them; NUL, which it
    refuses too, is a control character, refused before)."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise refuse("text_unstorable")
    return value or None
