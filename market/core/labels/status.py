"""Template helpers of the market's pages: certification states, rule sentences, animals.

Registered on the app by each blueprint that uses them (`bp.record_once(register_labels)`),
so the shared `market/i18n.py` and the app factory stay as they are.
"""

from __future__ import annotations

from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from market.core.labels.animals import animal_label
from market.core.labels.rules import rule_sentence

STATUS_LABELS: dict[str, LazyString] = {
    "organic": _l("organic"),
    "conversion": _l("in conversion"),
    "conventional": _l("not organic"),
    "open": _l("open"),
    "withdrawn": _l("withdrawn"),
    "closed": _l("closed"),
    "measured": _l("lab analysis"),
    "standard": _l("standard contents (RVO)"),
    "pending": _l("not answered yet"),
    "accepted": _l("accepted"),
    "declined": _l("declined"),
}


def label_in(table: dict[str, LazyString], code: str) -> str:
    """The code's label in the current language; the code itself when it has none."""
    label = table.get(code)
    return str(label) if label is not None else code


def status_label(code: str) -> str:
    return label_in(STATUS_LABELS, code)


def register_labels(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals.update(
        status_label=status_label, rule_sentence=rule_sentence, animal_label=animal_label
    )
