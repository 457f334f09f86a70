"""The English sentences of services not yet on schemas, in the visitor's language.

A bridge: the services not yet on schemas still refuse with plain
English sentences (`Checker`), and here each known sentence (or pattern with a number or name
in it) maps to a translatable message; an unknown sentence is shown as it is. Errors with a
code (`FieldError`, `market.core.schemas.translate`) need none of this, and the module goes
when the last area has moved to schemas (`docs/schemas.md`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

FIXED: dict[str, LazyString] = {
    "Enter a number.": _l("Enter a number."),
    "Choose a value.": _l("Choose a value."),
    "Enter a date.": _l("Enter a date."),
    "Enter a date as YYYY-MM-DD.": _l("Enter a date as YYYY-MM-DD."),
    "Must be yes or no.": _l("Must be yes or no."),
    "This field is required.": _l("This field is required."),
    "Must be more than 0.": _l("Must be more than 0."),
    "Must not be before the start date.": _l("Must not be before the start date."),
    "The A part cannot exceed the other fertiliser N.": _l(
        "The A part cannot exceed the other fertiliser N."
    ),
    "Must be a whole number, at least 0.": _l("Must be a whole number, at least 0."),
    "Enter a valid e-mail address.": _l("Enter a valid e-mail address."),
    "An account with this e-mail address already exists.": _l(
        "An account with this e-mail address already exists."
    ),
    "A Skal number has 5 to 7 digits.": _l("A Skal number has 5 to 7 digits."),
    "Another farm is registered with this Skal number.": _l(
        "Another farm is registered with this Skal number."
    ),
    "Only organic and conversion farms can trade on this market.": _l(
        "Only organic and conversion farms can trade on this market."
    ),
}

Template = Callable[[dict[str, str]], str]
PATTERNS: tuple[tuple[re.Pattern[str], Template], ...] = (
    (
        re.compile(r"Must be between (?P<low>\S+) and (?P<high>\S+)\."),
        lambda found: _("Must be between %(low)s and %(high)s.", **found),
    ),
    (
        re.compile(r"Must be at least (?P<low>\S+)\."),
        lambda found: _("Must be at least %(low)s.", **found),
    ),
    (
        re.compile(r"At most (?P<count>\d+) characters\."),
        lambda found: _("At most %(count)s characters.", **found),
    ),
    (
        re.compile(r"Use at least (?P<count>\d+) characters\."),
        lambda found: _("Use at least %(count)s characters.", **found),
    ),
    (
        re.compile(r"Unknown value (?P<value>.+)\."),
        lambda found: _("Unknown value %(value)s.", **found),
    ),
)


def translate(message: str) -> str:
    """One service message in the current language."""
    fixed = FIXED.get(message)
    if fixed is not None:
        return str(fixed)
    for pattern, template in PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            return template(found.groupdict())
    return message
