"""The shared schema machinery: locale numbers, limits, codes, and refusals naming fields."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic_core import PydanticCustomError

from market.core.schemas import Positive, Range, Schema, Share, parse
from market.core.schemas.numbers import write_number
from market.core.validation import FieldError, ValidationError


class Quantity(Schema):
    tonnes: Positive
    share: Share | None = None


def refused(data: dict[str, Any], locale: str | None) -> dict[str, FieldError]:
    with pytest.raises(ValidationError) as caught:
        parse(Quantity, data, locale=locale)
    return caught.value.errors


@pytest.mark.parametrize(
    ("locale", "text", "number"),
    [
        ("nl", "1.200", 1200.0),
        ("nl", "1.200,5", 1200.5),
        ("nl", "4,4", 4.4),
        ("nl", " 12 ", 12.0),
        ("en", "1,200.5", 1200.5),
        ("en", "4.4", 4.4),
    ],
)
def test_numbers_are_read_as_written_in_the_locale(locale: str, text: str, number: float) -> None:
    assert parse(Quantity, {"tonnes": text}, locale=locale).tonnes == number


@pytest.mark.parametrize(
    ("locale", "text", "code"),
    [
        ("nl", "1.2.3", "number_format"),
        ("nl", "1.6", "number_format"),
        ("en", "4,4", "number_format"),
        ("nl", "abc", "number"),
        ("en", "NaN", "number"),
        # Babel alone reads these as 100,000, 0.012, 12 and 12: shown how to write a number
        ("nl", "1e5", "number_format"),
        ("en", "1.2E-2", "number_format"),
        ("nl", "\uff11\uff12", "number_format"),  # full-width digits
        ("nl", "\u0661\u0662", "number_format"),  # Arabic-Indic digits
        ("nl", "12abc", "number_format"),
        ("nl", "inf", "number"),
    ],
)
def test_malformed_or_ambiguous_numbers_are_refused_naming_the_field(
    locale: str, text: str, code: str
) -> None:
    errors = refused({"tonnes": text}, locale)
    assert list(errors) == ["tonnes"]
    assert errors["tonnes"].code == code


def test_the_format_error_shows_how_the_locale_writes_numbers() -> None:
    error = refused({"tonnes": "1.2.3"}, "nl")["tonnes"]
    assert error.params == {"example": "1234,5"}
    assert refused({"tonnes": "4,4"}, "en")["tonnes"].params == {"example": "1234.5"}


def test_without_a_locale_text_is_not_a_number() -> None:
    errors = refused({"tonnes": "200", "share": True}, None)
    assert (errors["tonnes"].code, errors["share"].code) == ("number", "number")
    assert parse(Quantity, {"tonnes": 200}).tonnes == 200.0


def test_limits_and_unknown_fields_have_codes_parameters_and_english() -> None:
    errors = refused({"tonnes": 0, "share": 1.5, "tonage": 3}, None)
    assert {field: (e.code, e.params) for field, e in errors.items()} == {
        "tonnes": ("number_above", {"low": 0}),
        "share": ("number_range", {"low": 0, "high": 1}),
        "tonage": ("unknown_field", {}),
    }
    assert errors["share"] == "Must be between 0 and 1."
    assert errors["tonnes"] == "Must be more than 0."


def test_a_missing_field_has_a_code() -> None:
    assert refused({}, None)["tonnes"].code == "required"


def test_numbers_are_written_back_unambiguously() -> None:
    assert [write_number(value, "nl") for value in (1200.0, 4.4, 52.123456)] == [
        "1200",
        "4,4",
        "52,123456",
    ]
    assert parse(Quantity, {"tonnes": write_number(1200.5, "nl")}, locale="nl").tonnes == 1200.5


def test_cents_are_whole_and_binary_fractions_of_them_count() -> None:
    """57 × 0.01 is 0.5700000000000001 in binary: whole cents, kept as 0.57; a tenth of a
    cent is refused, in the API document too (multipleOf)."""
    cents = Range(cents=True)
    assert cents.check(57 * 0.01) == 0.57
    assert cents.check(-1000.0) == -1000.0
    for fraction in (0.001, -4.555, 0.0100001):
        with pytest.raises(PydanticCustomError) as refused:
            cents.check(fraction)
        assert refused.value.type == "cents"
