"""The figures page's schema: which year its query string asks for.

A year is a whole number a date can hold (1 to 9999), read as the visitor writes numbers;
the page then shows the nearest year that has figures (`market.figures.views`), so an old
bookmark still shows something.
"""

from __future__ import annotations

from typing import Annotated

from market.core.schemas import Range, Schema, Whole

Year = Annotated[Whole, Range(low=1, high=9999, whole=True)]


class FiguresQuery(Schema):
    """The figures page's query: `year` (none: this year)."""

    year: Year | None = None
