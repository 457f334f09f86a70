"""Reading a request's query string through its list's `Filters` model.

The models themselves (`Filters`, `PageQuery`, `QueryId`) live in `market.core.schemas.query`,
free of Flask; this is the one place that hands them `request.args`.
"""

from __future__ import annotations

from typing import TypeVar

from flask import request

from market.core.api.problems import ApiProblem
from market.core.schemas import parse
from market.core.schemas.query import Filters
from market.core.validation import N_, ValidationError

F = TypeVar("F", bound=Filters)


def query_args(model: type[F]) -> F:
    """The request's query string read by `model`; `ApiProblem` 400 naming each refused
    parameter (each is given once: the API refuses repeated parameters before this)."""
    try:
        return parse(model, request.args.to_dict())
    except ValidationError as error:
        raise ApiProblem(400, N_("Invalid query parameter."), errors=error.errors) from None
