"""Refusals in the reader's language: the one place a `FieldError` becomes a sentence.

The code picks the message of `market.core.validation.MESSAGES` (in the catalogs), and the
parameters fill it, numbers written the way the language writes them for reading ("0,5" and
"10.000" in Dutch; a form's own value is written without grouping, `write_number`), dates
in words ("1 februari 2027", "February 1, 2027"; the English text keeps ISO dates). A
quantity the page beside it also shows (a `Figure`) is written as that page writes it, with
the page's pattern ("1.035 t" in a delivery's refusal, as in the form's hint).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import get_locale, gettext

from market.core.i18n import format_number
from market.core.validation import MESSAGES, FieldError, Figure, is_number

DEFAULT_LOCALE = "nl"
#: Numbers of five or more digits are grouped ("1.000.000"), shorter ones not ("1000", a year
#: "2026"), as the Taalunie advises for Dutch.
GROUP_FROM = 10_000


def message(error: FieldError, wording: Mapping[str, str] = MESSAGES) -> str:
    """One field's error in the current language (Flask-Babel's locale of this request).

    `wording` says some codes another way for another reader, with the same parameters (a
    deal's refusal in the farms' words, `market.interest.refusals`); the other codes keep
    `MESSAGES`, so one check keeps one code whoever reads its refusal."""
    template = wording.get(error.code) or MESSAGES.get(error.code, MESSAGES["invalid"])
    return gettext(template, **_written(error.params))


def messages(errors: Mapping[str, FieldError]) -> dict[str, str]:
    return {field: message(error) for field, error in errors.items()}


def current_locale() -> str:
    """The language of this request ("nl", "en"), as Babel's number functions want it."""
    return str(get_locale() or DEFAULT_LOCALE)


def _written(params: Mapping[str, Any]) -> dict[str, Any]:
    locale = current_locale()
    return {name: _value(value, locale) for name, value in params.items()}


def _value(value: Any, locale: str) -> Any:
    if isinstance(value, Figure):
        return format_number(value, value.pattern)
    if is_number(value):
        return format_decimal(
            value,
            locale=locale,
            decimal_quantization=False,
            group_separator=abs(value) >= GROUP_FROM,
        )
    if isinstance(value, date):
        return format_date(value, format="long", locale=locale)
    return value
