"""Numbers as people write them: text in the user's locale, read and written with Babel.

A form sends text in the user's locale, read with Babel's strict parser when the validation
context names a locale (`{"locale": "nl"}`: "1.200" is 1200, "4,4" is 4.4, and "1.6" is
refused as ambiguous). A space between digits is read as the locale's group separator
("1 200,5", also with a no-break space U+00A0 or U+202F, as spreadsheets paste it), so it
is accepted only between groups of three digits ("12 00" is refused, showing the locale's
form). Only ASCII digits and the locale's own signs and separators are
read: Babel would also take "1e5" as 100,000 and "１２" or "١٢" (full-width, Arabic-Indic
digits) as 12, none of which a farmer means to type into a tonnage. Without a locale (the
JSON API, Python callers) a number must be a number: the JSON string "200" stays refused,
as the document says.

Refusals are `PydanticCustomError`s whose type is one of the codes of
`market.core.validation.MESSAGES`, with the numbers as parameters (`refuse`).
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Any

from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
    parse_decimal,
)
from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

from market.core.validation import MESSAGES

#: A number shown to say how numbers are written in a locale ("1.234,5" in Dutch).
EXAMPLE = Decimal("1234.5")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: What any number may hold besides its locale's symbols: ASCII digits, signs, spaces.
PLAIN = frozenset("0123456789+- \u00a0\u202f")
#: One space between two digits: a group separator as people and spreadsheets write it.
SPACE_GROUP = re.compile(r"(?<=[0-9])[ \u00a0\u202f](?=[0-9])")


def refuse(code: str, **params: Any) -> PydanticCustomError:
    """The error for `code`; pydantic's own text is the English message (for logs)."""
    return PydanticCustomError(code, PLACEHOLDER.sub(r"{\1}", MESSAGES[code]), params)


def number_text(value: Any, info: ValidationInfo) -> Any:
    """Text → float in the context's locale; anything else goes on to the strict float check."""
    locale = (info.context or {}).get("locale")
    if value is None:
        raise refuse("number")
    if isinstance(value, str) and locale:
        return read_number(value, locale)
    return value


def read_number(text: str, locale: str) -> float:
    """`text` as written in `locale`; a malformed or ambiguous number is refused, and so is
    any character that is not an ASCII digit, a sign, a space or the locale's separator
    (with the locale's example when the text holds digits of any script)."""
    if not set(text) <= PLAIN | _symbols(locale):  # "1e5", "１２": meant as a number
        if any(character.isdecimal() for character in text):
            raise refuse("number_format", example=write_number(EXAMPLE, locale))
        raise refuse("number")
    try:
        grouped = SPACE_GROUP.sub(get_group_symbol(locale), text.strip())
        number = parse_decimal(grouped, locale, strict=True)
    except NumberFormatError:  # digits in a form Babel does not read: show the locale's
        if any(character.isdecimal() for character in text):
            raise refuse("number_format", example=write_number(EXAMPLE, locale)) from None
        raise refuse("number") from None
    if not number.is_finite():
        raise refuse("number")
    return float(number)


def write_number(value: float | Decimal, locale: str) -> str:
    """`value` as written in `locale`, every digit kept and no grouping ("52,123456", "1200"):
    unambiguous, so a prefilled form reads back the same number.

    Any stored value is written, however large (1e300 as its 301 digits, read back exactly);
    NaN and infinity as the locale's symbols, which the form then refuses.
    """
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    with localcontext() as context:
        if exact.is_finite():
            _sign, digits, exponent = exact.as_tuple()
            # every digit, plus the locale pattern's own decimals (3) with room to spare
            context.prec = max(context.prec, len(digits) + abs(int(exponent)) + 12)
        return format_decimal(
            exact, locale=locale, decimal_quantization=False, group_separator=False
        )


def whole_text(value: Any, info: ValidationInfo) -> Any:
    """Text → int in the context's locale (a Dutch "1.200" is 1200); a fraction is refused.

    Anything else goes on to the strict integer check (a JSON "12" stays refused).
    """
    number = number_text(value, info)
    if not isinstance(number, float):
        return number
    if not number.is_integer():
        raise refuse("whole_number")
    return int(number)


def _symbols(locale: str) -> frozenset[str]:
    """The characters `locale` writes numbers with besides digits (separators, signs)."""
    found = (get_decimal_symbol, get_group_symbol, get_plus_sign_symbol, get_minus_sign_symbol)
    return frozenset("".join(symbol(locale) for symbol in found))
