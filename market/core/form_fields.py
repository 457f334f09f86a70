"""Field builders and the bridge between a web form and an operation's schema.

WTForms renders the fields and carries the CSRF token; it validates nothing else. A view
reads the submitted form through the operation's schema (`read`), in the visitor's locale
(a Dutch "1.200,5" is 1200.5), and on refusal puts each translated message next to its field
(`attach_errors`). Numbers are text inputs with a decimal keyboard; prefilled numbers are
written in the visitor's locale too (`fill`). A form read through one schema names it
(`SchemaForm`), and its text fields take the schema's own limits as `maxlength`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import Any, ClassVar, TypeVar

from flask_wtf import FlaskForm
from pydantic import BaseModel
from wtforms import BooleanField, Field, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from market.core.schemas import parse
from market.core.schemas.numbers import write_number
from market.core.schemas.translate import current_locale, message
from market.core.validation import FieldError, ValidationError

NUMBER_KW = {"inputmode": "decimal", "autocomplete": "off"}
DATE_KW = {"type": "date"}
M = TypeVar("M", bound=BaseModel)


class SchemaForm(FlaskForm):
    """A form read through the operation's `schema` (`read`). Each of its text fields the
    schema limits gets that limit as `maxlength` when the form is made, so the browser stops
    at the limit instead of "At most 100 characters" coming after sending; the limit is said
    once, in the schema. `schema=` overrides the class's, for a form shared by operations."""

    schema: ClassVar[type[BaseModel]]

    def __init__(self, *args: Any, schema: type[BaseModel] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in text_limits(schema or self.schema).items():
            field = self._fields.get(name)
            if field is not None:  # a new dict: the field's own is shared by every form made
                field.render_kw = {**(field.render_kw or {}), "maxlength": limit}


@cache
def text_limits(model: type[BaseModel]) -> dict[str, int]:
    """The most characters each text field of `model` takes, by field name, as its JSON
    schema (the API's documentation) states them; fields of models inside it too."""
    schema = model.model_json_schema(by_alias=False)
    return dict(_limits(schema, schema.get("$defs", {})))


def _limits(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Iterator[tuple[str, int]]:
    for name, field in schema.get("properties", {}).items():
        for part in (field, *field.get("anyOf", ())):
            if "maxLength" in part:
                yield name, part["maxLength"]
            elif "$ref" in part:
                yield from _limits(defs[part["$ref"].rsplit("/", 1)[-1]], defs)


def number(label: object, **render_kw: object) -> StringField:
    return StringField(label, render_kw={**NUMBER_KW, **render_kw})


def day(label: object) -> StringField:
    return StringField(label, render_kw=DATE_KW)


def text(label: object, **render_kw: object) -> StringField:
    return StringField(label, render_kw=render_kw)


def options(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms' options; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]


def choice(label: object, choices: Iterable[tuple[str, object]]) -> SelectField:
    """A select whose value the schema checks; WTForms' own (English) choice check is off."""
    return SelectField(label, choices=options(choices), validate_choice=False)


def flag(label: object) -> BooleanField:
    return BooleanField(label)


def read(form: FlaskForm, model: type[M]) -> M:
    """The form's fields named in `model`, read by `model` in the visitor's locale.

    Raises the project's `ValidationError` naming every refused field.
    """
    return parse(model, form_input(form, model), locale=current_locale())


def saved(form: FlaskForm, model: type[M], change: Callable[[M], object]) -> bool:
    """A posted form (its CSRF token checked) read by `model` and handed to `change` (a
    service call): True when both took it; False with each refusal on its field."""
    if not form.validate_on_submit():
        return False
    try:
        change(read(form, model))
    except ValidationError as error:
        attach_errors(form, error.errors)
        return False
    return True


def read_filters(form: FlaskForm, model: type[M]) -> M:
    """A GET form of filters read by `model`; refused fields get their errors on the form and
    the filters fall back to `model`'s defaults (the page shows everything, status 400)."""
    try:
        return read(form, model)
    except ValidationError as error:
        attach_errors(form, error.errors)
        return model()


def form_input(form: FlaskForm, model: type[BaseModel]) -> dict[str, Any]:
    """What was typed in each of `model`'s fields the form has: text stripped (a password is
    taken as typed), a checkbox as True/False, a multiple choice as a list. An empty field is
    None ("Enter a number." when one is needed), except that a field with a default
    (`side="both"`) takes its default."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in form._fields:
            continue
        value = form[name].data
        if isinstance(value, str):
            value = (value if isinstance(form[name], PasswordField) else value.strip()) or None
        if value is not None or info.is_required() or info.default is None:
            data[name] = value
    return data


def attach_errors(
    form: FlaskForm,
    errors: Mapping[str, FieldError],
    say: Callable[[FieldError], str] = message,
) -> list[str]:
    """Put each translated message (`say`: how the page words a refusal) on its field;
    return those that belong to no field."""
    loose = []
    for name, error in errors.items():
        field: Field | None = form._fields.get(name)
        if field is None:
            loose.append(say(error))
        else:
            field.errors = [*field.errors, say(error)]
    return loose


def fill(form: FlaskForm, row: object, names: Iterable[str]) -> None:
    """Show a row's current values in the form: numbers in the visitor's locale, dates ISO."""
    locale = current_locale()
    for name in names:
        value = getattr(row, name)
        field = form[name]
        if isinstance(field, BooleanField):
            field.data = bool(value)
        elif value is None:
            field.data = ""
        else:
            field.data = getattr(value, "value", None) or _shown(value, locale)


def _shown(value: object, locale: str) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return write_number(value, locale)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
