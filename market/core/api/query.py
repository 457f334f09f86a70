"""Query strings read by pydantic models, as bodies are: one model per list's parameters.

A list's parameters are a `Filters` model; `operation(..., query=RunFilters)` documents each
field as a query parameter (`openapi.py`) and `query_args(RunFilters)` reads the request's
query string through it, 400 naming every refused parameter. Unknown parameters are ignored,
as they always were (a cache-buster breaks nothing). A URL carries text, so a number is a
`QueryWhole`: ASCII digits only, no sign, grouping, fraction or locale, so that a parameter
means the same to every client.

Lists still documented by `registry.Query` tuples read their parameters with `http.id_arg`
and `http.text_arg` until their areas move here.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from flask import request
from pydantic import BeforeValidator, ConfigDict, Field

from market.core.api.problems import ApiProblem
from market.core.schemas import MAX_ID, Range, Schema, parse, refuse
from market.core.validation import ValidationError

PER_PAGE_MAX, PAGE_MAX = 100, 100_000
DIGITS_MAX = 10  # more digits than any database id has
F = TypeVar("F", bound="Filters")


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


def query_args(model: type[F]) -> F:
    """The request's query string read by `model`; `ApiProblem` 400 naming each refused
    parameter (each is given once: the API refuses repeated parameters before this)."""
    try:
        return parse(model, request.args.to_dict())
    except ValidationError as error:
        raise ApiProblem(400, "Invalid query parameter.", errors=error.errors) from None
