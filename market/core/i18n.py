"""Which language a page is shown in, and the labels of the domain's codes.

Dutch is the default: farmers and coordinators in the Netherlands use the Dutch terms
(drijfmest, champost, digestaat). A visitor switches with `?lang=en` on any page or the
header's link; the choice is kept in the session cookie (it survives log-in and log-out),
and the header's link also saves it on the account, so it follows the user to a new device.

Numbers on pages go through `format_number` (the templates' `decimalformat`, `numberformat`,
`percentformat` and `currencyformat` filters): it never raises, whatever a column holds.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from urllib.parse import urlencode

from babel import Locale, lists, numbers
from flask import Flask, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user

from market.core.schemas.units import ROUNDING

LANGUAGES: dict[str, str] = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANGUAGE = "nl"
SESSION_KEY = "lang"
#: From this size on a number is shown in scientific notation ("1,5E27"): no one reads 28
#: grouped digits, and Babel's fixed-point patterns cannot round such numbers.
HUGE = Decimal("1e15")
#: Digits Babel may use while rounding a number below `HUGE` (the default context has 28,
#: too few for a value near 1e15 shown with many decimals).
PRECISION = 80

KIND_LABELS: dict[str, LazyString] = {
    "cattle_slurry": _l("Cattle slurry"),
    "cattle_solid": _l("Cattle solid manure"),
    "veal_calf_manure": _l("Veal calf manure"),
    "pig_slurry": _l("Pig slurry"),
    "pig_solid": _l("Pig solid manure"),
    "poultry_manure": _l("Poultry manure"),
    "poultry_pellets": _l("Poultry manure pellets"),
    "goat_manure": _l("Goat manure"),
    "sheep_manure": _l("Sheep manure"),
    "horse_manure": _l("Horse manure"),
    "digestate": _l("Digestate"),
    "compost_organic_plant": _l("Compost of organic plant material"),
    "green_compost": _l("Green compost"),
    "plant_product": _l("Organic plant product"),
    "champost": _l("Champost (spent mushroom compost)"),
    "bokashi": _l("Bokashi"),
    "mineral_n": _l("Mineral nitrogen (Skal input list)"),
}

CATEGORY_LABELS: dict[str, LazyString] = {
    "A": _l("preferred organic input"),
    "A/B": _l("partly A (digestate)"),
    "B": _l("allowed under conditions"),
    "C": _l("not allowed on organic farms"),
}


def select_locale() -> str:
    """Flask-Babel's locale selector: this session's choice, else the account's, else Dutch."""
    for chosen in (session.get(SESSION_KEY), getattr(current_user, "locale", None)):
        if chosen in LANGUAGES:
            return chosen
    return DEFAULT_LANGUAGE


def remember_requested_language() -> None:
    """`?lang=en` on any URL switches the language for this and later requests."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session[SESSION_KEY] = wanted


def here_without_lang() -> str:
    """This page's path and query without `lang`, for the switch link to come back to."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return request.path + ("?" + urlencode(args) if args else "")


def kind_label(kind: str) -> str:
    """The translated name of a kind; an unknown code is shown as it is rather than hidden."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind


def category_label(category: str) -> str:
    """The translated meaning of a category letter (R7)."""
    label = CATEGORY_LABELS.get(category)
    return str(label) if label is not None else category


def format_number(
    value: object,
    format: str | None = None,
    *,
    kind: str = "decimal",
    currency: str = "EUR",
    minus_sign: bool = False,
) -> str:
    """`value` written in the page's locale with the Babel `format` pattern; never raises.

    `kind` is "decimal", "percent" (0.25 → "25%") or "currency" (in `currency`). A number of
    `HUGE` or more is written in scientific notation, NaN and infinity as the locale's symbols,
    negative zero (also after rounding) as zero, and a value that is not a number as its text.
    `minus_sign` writes a negative number with a real minus sign ("−1.182") instead of Babel's
    hyphen, for a figure whose sign matters at a glance (a room overrun); other figures keep
    the hyphen, which copies into spreadsheets as a number.
    """
    written = _format_number(value, format, kind, currency)
    return MINUS + written[1:] if minus_sign and written.startswith("-") else written


#: The minus sign (U+2212) `format_number` writes with `minus_sign`.
MINUS = "\u2212"


def _format_number(value: object, format: str | None, kind: str, currency: str) -> str:
    locale = str(get_locale() or DEFAULT_LANGUAGE)
    number = _as_decimal(value)
    if number is None:
        return str(value)
    if not number.is_finite():
        return numbers.format_decimal(number, locale=locale)
    try:
        return _format_finite(number, format, kind, currency, locale)
    except (ArithmeticError, ValueError, TypeError):  # decimal.InvalidOperation among them
        return numbers.format_scientific(number, "0.##E0", locale=locale)


def _as_decimal(value: object) -> Decimal | None:
    """`value` as an exact Decimal (`0` for negative zero), or None if it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return abs(number) if number.is_zero() else number


def _format_finite(
    number: Decimal, format: str | None, kind: str, currency: str, locale: str
) -> str:
    """Babel's rendering of a finite number; scientific from `HUGE` on; no sign on a shown zero."""
    scale = 100 if kind == "percent" else 1
    if abs(number) * scale >= HUGE:
        written = numbers.format_scientific(number * scale, "0.##E0", locale=locale)
        return _around(written, kind, currency, locale)
    with localcontext() as context:
        context.prec = PRECISION
        context.rounding = ROUNDING  # halves away from zero: 1.397,25 kg shows as 1.397,3
        shown = _BABEL[kind](number, format, currency, locale)
        if number < 0 and not any(digit in shown for digit in "123456789"):
            shown = _BABEL[kind](abs(number), format, currency, locale)
    return shown


_BABEL: dict[str, Callable[[Decimal, str | None, str, str], str]] = {
    "decimal": lambda n, f, _c, loc: numbers.format_decimal(n, format=f, locale=loc),
    "percent": lambda n, f, _c, loc: numbers.format_percent(n, format=f, locale=loc),
    "currency": lambda n, f, c, loc: numbers.format_currency(n, c, format=f, locale=loc),
}


def _around(written: str, kind: str, currency: str, locale: str) -> str:
    """`written` (digits) inside the locale's percent or currency pattern ("€ 1E27", "25%")."""
    if kind == "decimal":
        return written
    known = Locale.parse(locale)
    pattern = (
        known.percent_formats[None] if kind == "percent" else known.currency_formats["standard"]
    )
    symbol = numbers.get_currency_symbol(currency, locale)
    return (pattern.prefix[0] + written + pattern.suffix[0]).replace("¤", symbol)


def _filters() -> dict[str, Callable[..., str]]:
    """The templates' number filters, each backed by `format_number`, and `listformat`
    ("N, P2O5 en K2O": the locale's way to join a list)."""
    return {
        "numberformat": lambda value: format_number(value),
        "decimalformat": lambda value, format=None, minus_sign=False: format_number(
            value, format, minus_sign=minus_sign
        ),
        "percentformat": lambda value, format=None: format_number(value, format, kind="percent"),
        "currencyformat": lambda value, currency, format=None: format_number(
            value, format, kind="currency", currency=currency
        ),
        "listformat": lambda values: lists.format_list(
            [str(value) for value in values], locale=str(get_locale() or DEFAULT_LANGUAGE)
        ),
    }


def init_i18n(app: Flask) -> None:
    """Hook the language choice into every request and expose the labels to templates."""
    app.before_request(remember_requested_language)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        kind_label=kind_label,
        category_label=category_label,
        here_without_lang=here_without_lang,
    )
    app.jinja_env.filters["kind_label"] = kind_label
    app.jinja_env.filters.update(_filters())
    app.context_processor(_locale_context)


def _locale_context() -> dict[str, str]:
    return {"current_locale": str(get_locale() or DEFAULT_LANGUAGE)}
