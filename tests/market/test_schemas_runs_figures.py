"""The runs' and the figures' schemas: a run's scope, a year read as the visitor writes it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.figures.schemas import FiguresQuery
from market.runs.schemas import RunScope


def refused(model: Any, data: dict[str, Any], locale: str | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse(model, data, locale=locale)
    return {field: error.code for field, error in caught.value.errors.items()}


def test_a_scope_is_stored_as_the_worker_reads_it() -> None:
    scope = parse(RunScope, {"region": "Zeeland", "start": "2026-03-01", "until": "2026-06-30"})
    assert scope.until == date(2026, 6, 30)
    assert scope.stored() == {"region": "Zeeland", "from": "2026-03-01", "until": "2026-06-30"}


def test_a_scope_names_every_refused_field_at_once() -> None:
    data = {"region": "Atlantis", "start": "2026-05-01", "until": "2026-04-01", "x": 1}
    assert refused(RunScope, data) == {
        "region": "choice_unknown",
        "until": "not_before_start",
        "x": "unknown_field",
    }
    assert refused(RunScope, {"until": ""}) == {"until": "date"}


@pytest.mark.parametrize(
    ("locale", "text", "year"),
    [("nl", "2024", 2024), ("nl", "2.024", 2024), ("en", "2,024", 2024), ("nl", " 2021 ", 2021)],
)
def test_a_year_is_read_as_written_in_the_locale(locale: str, text: str, year: int) -> None:
    assert parse(FiguresQuery, {"year": text}, locale=locale).year == year


@pytest.mark.parametrize(
    ("data", "locale", "code"),
    [
        ({"year": "2024,5"}, "nl", "whole_number"),
        ({"year": "abc"}, "nl", "number"),
        ({"year": "0"}, "en", "whole_number_range"),
        ({"year": "10000"}, "en", "whole_number_range"),
        ({"year": "2024"}, None, "number"),
    ],
)
def test_a_year_that_is_no_year_is_refused(
    data: dict[str, Any], locale: str | None, code: str
) -> None:
    assert refused(FiguresQuery, data, locale) == {"year": code}
