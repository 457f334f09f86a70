"""A list's query parameters as a pydantic model, as bodies are: one model per list.

A list's parameters are a `Filters` model (`PageQuery` and its subclasses in the areas'
`schemas.py`); `market.core.api.query.query_args` reads the request's query string through
it, and `operation(..., query=Model)` documents each field as a query parameter. Unknown
parameters are ignored, as they always were (a cache-buster breaks nothing). A URL carries
text, so a number is a `QueryWhole`: ASCII digits only, no sign, grouping, fraction or
locale, so that a parameter means the same to every client. Free of Flask, so the services
may import the areas' schemas.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field

from market.core.schemas.base import Schema
from market.core.schemas.fields import MAX_ID, Range
from market.core.schemas.numbers import refuse

PER_PAGE_MAX, PAGE_MAX = 100, 100_000
DIGITS_MAX = 10  # more digits than any database id has


def _digits(value: Any) -> Any:
    """URL text of ASCII digits → int; other text is refused, anything else goes on to the
    strict integer check."""
    if not isinstance(value, str):
        return value
    if not (value.isascii() and value.isdigit() and len(value) <= DIGITS_MAX):
        raise refuse("whole_number")
    return int(value)


QueryWhole = Annotated[int, BeforeValidator(_digits)]
QueryId = Annotated[QueryWhole, Range(low=1, high=MAX_ID, whole=True)]


class Filters(Schema):
    """A list's query parameters; each field optional, unknown parameters ignored."""

    model_config = ConfigDict(extra="ignore")


class PageQuery(Filters):
    """Which page of a list: every list takes these (its own filters subclass this)."""

    page: Annotated[QueryWhole, Range(low=1, high=PAGE_MAX, whole=True)] = Field(
        default=1, description="Page, from 1."
    )
    per_page: Annotated[QueryWhole, Range(low=1, high=PER_PAGE_MAX, whole=True)] = Field(
        default=50, description="Items per page."
    )
