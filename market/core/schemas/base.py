"""The base classes of every schema, and `parse`, the one way input becomes a typed model.

`Schema` is an operation's input: unknown fields are refused and types are strict (a JSON
string is not a number, "yes" is not a boolean). `Patch` makes every field of an input
optional, for PATCH bodies and edit forms. `Output` is what the API answers. `parse` turns
pydantic's errors into the project's `ValidationError`, one `FieldError` per field, so
pages, API and services handle one kind of refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from market.core.validation import MESSAGES, FieldError, ValidationError

S = TypeVar("S", bound=BaseModel)
#: pydantic's own error types → our codes (and which of their parameters we show).
PYDANTIC_CODES: dict[str, tuple[str, dict[str, str]]] = {
    "missing": ("required", {}),
    "extra_forbidden": ("unknown_field", {}),
    "float_type": ("number", {}),
    "int_type": ("number", {}),
    "bool_type": ("flag", {}),
    "date_type": ("date", {}),
    "string_type": ("text", {}),
    "string_too_long": ("text_length", {"count": "max_length"}),
    "list_type": ("list", {}),
}
FIELD_NAME_MAX = 100  # an unknown field's name is echoed back, but not a megabyte of it


class Schema(BaseModel):
    """One operation's input, validated in full before a service sees it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Patch(Schema):
    """Every field of `whole`, optional: set `whole` in the subclass (`whole = LotInput`).

    Only the types are copied, not `whole`'s rules across fields: a service merges the
    patch into the row's current values and parses the result as `whole`, so a new end
    date is checked against the start date already stored.

    A patch changes something: the document says `minProperties: 1`, and the API answers
    an empty object with 422 (`market.core.api.http.json_body`).
    """

    model_config = ConfigDict(**Schema.model_config, json_schema_extra={"minProperties": 1})
    whole: ClassVar[type[Schema]]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for name, info in cls.whole.model_fields.items():
            cls.__pydantic_fields__[name] = FieldInfo.merge_field_infos(info, default=None)
        cls.model_rebuild(force=True)

    def given(self) -> dict[str, Any]:
        """The fields the client sent (a null included), as Python values."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class Output(BaseModel):
    """What the API answers, read from a row's attributes (enums give their values)."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    @classmethod
    def of(cls, row: object, **derived: Any) -> Self:
        """`row`'s attributes named like the fields, and the `derived` fields the row lacks
        (`Proposal.of(proposal, stale=True, ...)`)."""
        names = [name for name in cls.model_fields if name not in derived]
        return cls.model_validate({**{name: getattr(row, name) for name in names}, **derived})


class Page(Output):
    """One page of a list; subclasses give `items` their type."""

    page: int
    per_page: int
    total: int


def parse(model: type[S], data: Mapping[str, Any], *, locale: str | None = None) -> S:
    """`data` as a `model`, or `ValidationError` naming every refused field.

    `locale` ("nl", "en") says that numbers come as text written in that locale (a form);
    without it numbers must be numbers (JSON, Python).
    """
    try:
        return model.model_validate(data, context={"locale": locale})
    except pydantic.ValidationError as error:
        raise refusal(error) from None


def refusal(error: pydantic.ValidationError) -> ValidationError:
    """pydantic's errors as ours: the first error of each field, with its code."""
    found: dict[str, FieldError] = {}
    for detail in error.errors(include_url=False, include_input=False):
        field = str(detail["loc"][0])[:FIELD_NAME_MAX] if detail["loc"] else ""
        found.setdefault(field, field_error(detail))
    return ValidationError(found)


def field_error(detail: ErrorDetails) -> FieldError:
    """One pydantic error: ours (raised with `refuse`) keep code and context; pydantic's are
    mapped, and any other type is `invalid`."""
    context = dict(detail.get("ctx") or {})
    known = PYDANTIC_CODES.get(detail["type"])
    if known is None:
        custom = detail["type"] in MESSAGES
        return FieldError(detail["type"], context) if custom else FieldError("invalid")
    code, renamed = known
    return FieldError(code, {ours: context[theirs] for ours, theirs in renamed.items()})
