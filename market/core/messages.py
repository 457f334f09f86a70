"""The English sentences of services not yet on schemas, in the visitor's language.

A bridge: the accounts, runs, proposals and deliveries services still refuse with plain
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
    "Only an approved proposal can be answered.": _l("Only an approved proposal can be answered."),
    "The listing changed since this proposal was made.": _l(
        "The listing changed since this proposal was made."
    ),
    "You have already answered this proposal.": _l("You have already answered this proposal."),
    "This proposal has already been reviewed.": _l("This proposal has already been reviewed."),
    "Only an open proposal can be changed.": _l("Only an open proposal can be changed."),
    "Only a proposal both farms accepted can be delivered.": _l(
        "Only a proposal both farms accepted can be delivered."
    ),
    "A farm cannot deliver to itself.": _l("A farm cannot deliver to itself."),
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
    (
        re.compile(r"The lot holds (?P<lot>\S+) t; this run would place (?P<placed>\S+) t\."),
        lambda found: _("The lot holds %(lot)s t; this run would place %(placed)s t.", **found),
    ),
    (
        re.compile(
            r"The request asks for (?P<wanted>\S+) kg N; this run would deliver "
            r"(?P<met>\S+) kg N\."
        ),
        lambda found: _(
            "The request asks for %(wanted)s kg N; this run would deliver %(met)s kg N.", **found
        ),
    ),
    (
        re.compile(r"The receiving farm's N room would be exceeded by (?P<over>\S+) kg N\."),
        lambda found: _("The receiving farm's N room would be exceeded by %(over)s kg N.", **found),
    ),
    (
        re.compile(
            r"The receiving farm's A-share would fall to (?P<share>\S+)% "
            r"\(at least (?P<min>\S+)%\)\."
        ),
        lambda found: _(
            "The receiving farm's A-share would fall to %(share)s%% (at least %(min)s%%).", **found
        ),
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
