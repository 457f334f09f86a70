"""Refusals in the reader's language: the one place a `FieldError` becomes a sentence.

The code picks the message of `market.core.validation.MESSAGES` (in the catalogs), and the
parameters fill it, numbers written the way the language writes them for reading ("0,5" and
"1.000" in Dutch; a form's own value is written without grouping, `write_number`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.numbers import format_decimal
from flask_babel import get_locale, gettext

from market.core.validation import MESSAGES, FieldError, is_number

DEFAULT_LOCALE = "nl"


def message(error: FieldError) -> str:
    """One field's error in the current language (Flask-Babel's locale of this request)."""
    template = MESSAGES.get(error.code, MESSAGES["invalid"])
    return gettext(template, **_written(error.params))


def messages(errors: Mapping[str, FieldError]) -> dict[str, str]:
    return {field: message(error) for field, error in errors.items()}


def current_locale() -> str:
    """The language of this request ("nl", "en"), as Babel's number functions want it."""
    return str(get_locale() or DEFAULT_LOCALE)


def _written(params: Mapping[str, Any]) -> dict[str, Any]:
    locale = current_locale()
    return {
        name: format_decimal(value, locale=locale, decimal_quantization=False)
        if is_number(value)
        else value
        for name, value in params.items()
    }
