"""Which language a page is shown in, and the labels of the domain's codes.

Dutch is the default: farmers and coordinators in the Netherlands use the Dutch terms
(drijfmest, champost, digestaat). A visitor switches with `?lang=en` on any page or the
header's link; the choice is kept in the session cookie (it survives log-in and log-out),
and the header's link also saves it on the account, so it follows the user to a new device.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user

LANGUAGES: dict[str, str] = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANGUAGE = "nl"
SESSION_KEY = "lang"

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
    app.context_processor(_locale_context)


def _locale_context() -> dict[str, str]:
    return {"current_locale": str(get_locale() or DEFAULT_LANGUAGE)}
