"""One schema per operation: pydantic v2 models shared by services, pages, API and OpenAPI.

Decision (issue 9): **pydantic v2**. A schema is a typed model the services take directly
(no `dict[str, Any]`); pydantic writes its JSON Schema, from which the OpenAPI document is
assembled (apispec, `market.core.api.openapi`); refusals carry a code and parameters
(`PydanticCustomError`), translated where they are shown; and it is fast. marshmallow +
webargs (Indico's choice) would give untyped dicts and a second JSON Schema plugin.

- `base`: `Schema` (input: unknown fields refused, strict types), `Patch`, `Output`, `Page`,
  and `parse(model, data, locale=...)`, which raises the project's `ValidationError`.
- `fields`: the field types with their limits (`Positive`, `Share`, `Latitude`, `Day`,
  `Range`, `Choice`), numbers read in the user's locale.
- `text`: `Text`, stripped text without control or format characters (`lines`: a text
  area's line breaks and tabs allowed).
- `query`: `Filters` and `PageQuery`, a list's query parameters (`QueryId`, `QueryWhole`:
  numbers as URL digits).
- `translate` (Flask): a `FieldError` in the reader's language. Not imported here, so the
  services (which import schemas) stay free of Flask.
- `jsonschema`: the models as OpenAPI components.

How to add an operation: `docs/schemas.md`.
"""

from market.core.schemas.base import Output, Page, Patch, Schema, parse
from market.core.schemas.fields import (
    MAX_ID,
    AtLeastZero,
    Choice,
    Day,
    Filled,
    Id,
    Latitude,
    Longitude,
    Number,
    Positive,
    Province,
    Range,
    Share,
    Whole,
    choice,
    period,
    refuse,
)
from market.core.schemas.query import Filters, PageQuery, QueryId, QueryWhole
from market.core.schemas.text import Text

__all__ = [
    "MAX_ID",
    "AtLeastZero",
    "Choice",
    "Day",
    "Filled",
    "Filters",
    "Id",
    "Latitude",
    "Longitude",
    "Number",
    "Output",
    "Page",
    "PageQuery",
    "Patch",
    "Positive",
    "Province",
    "QueryId",
    "QueryWhole",
    "Range",
    "Schema",
    "Share",
    "Text",
    "Whole",
    "choice",
    "parse",
    "period",
    "refuse",
]
