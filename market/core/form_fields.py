"""Field builders and form helpers shared by the market's forms.

Forms only carry the CSRF token, labels and the raw text: the services check the values
and their messages come back next to the fields (`attach_errors`). Numbers are text inputs
with a decimal keyboard, so a Dutch "4,4" works (the comma becomes a point here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from market.core.messages import translate

NUMBER_KW = {"inputmode": "decimal", "autocomplete": "off"}
DATE_KW = {"type": "date"}


def number(label: object, **render_kw: object) -> StringField:
    return StringField(label, render_kw={**NUMBER_KW, **render_kw})


def day(label: object) -> StringField:
    return StringField(label, render_kw=DATE_KW)


def text(label: object, **render_kw: object) -> StringField:
    return StringField(label, render_kw=render_kw)


def options(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms' options; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]  # type: ignore[arg-type]


def choice(label: object, choices: Iterable[tuple[str, object]]) -> SelectField:
    """A select the service checks; WTForms' own (English) choice check is off."""
    return SelectField(label, choices=options(choices), validate_choice=False)


def flag(label: object) -> BooleanField:
    return BooleanField(label)


def values(form: FlaskForm, names: Iterable[str]) -> dict[str, Any]:
    """The raw values of `names`, stripped; numbers with a decimal comma get a point."""
    data: dict[str, Any] = {}
    for name in names:
        value = form[name].data
        if isinstance(value, str):
            value = value.strip()
            if form[name].render_kw and form[name].render_kw.get("inputmode") == "decimal":
                value = value.replace(",", ".")
        data[name] = value
    return data


def attach_errors(form: FlaskForm, errors: Mapping[str, str]) -> list[str]:
    """Put each translated message on its field; return those that belong to no field."""
    loose = []
    for name, message in errors.items():
        field: Field | None = form._fields.get(name)
        if field is None:
            loose.append(translate(message))
        else:
            field.errors = [*field.errors, translate(message)]
    return loose


def fill(form: FlaskForm, row: object, names: Iterable[str]) -> None:
    """Show a row's current values in the form (numbers as text, dates as ISO)."""
    for name in names:
        value = getattr(row, name)
        field = form[name]
        if isinstance(field, BooleanField):
            field.data = bool(value)
        elif value is None:
            field.data = ""
        else:
            field.data = getattr(value, "value", None) or _plain(value)


def _plain(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
