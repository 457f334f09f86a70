"""Halves round away from zero on pages, in downloads and in the API (rekenkundig afronden),
as a Dutch reader and an inspector do: 310,5 t × 4,5 kg N/t = 1.397,25 kg N reads 1.397,3,
not 1.397,2 (Python's `round` and Babel's default context round a half to the even digit)."""

from __future__ import annotations

import pytest
from flask import Flask

from market.core.exports import CellType, Column, to_csv
from market.core.i18n import format_number
from market.core.schemas.units import rounded


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1397.25, 1, 1397.3), (2.675, 2, 2.68), (-0.05, 1, -0.1), (0.125, 2, 0.13), (2.5, 0, 3.0)],
)
def test_rounded_takes_halves_away_from_zero(value: float, decimals: int, expected: float) -> None:
    assert rounded(value, decimals) == expected


def test_huge_and_odd_values_stay_as_they_are() -> None:
    assert rounded(1e27, 3) == 1e27
    assert rounded(-0.04, 1) == 0.0 and str(rounded(-0.04, 1)) == "0.0"


def test_pages_write_a_half_up(app: Flask) -> None:
    with app.test_request_context("/?lang=nl"):
        assert format_number(310.5 * 4.5, "#,##0.#") == "1.397,3"
        assert format_number(0.125, "#,##0.##") == "0,13"
        assert format_number(-2.5, "#,##0") == "-3"


def test_a_download_writes_a_half_up() -> None:
    columns = [Column[float]("n_kg", lambda row: row, CellType.NUMBER, decimals=1)]
    assert to_csv(columns, [310.5 * 4.5], "nl").splitlines()[-1] == "1397,3"
