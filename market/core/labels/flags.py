"""Words for the plausibility flags (`matching.rules.plausibility`: each flags one field), in
the page's language at the moment they are shown.

A function, not a table set in a template: an imported template is rendered once and kept,
so words set there stay in the language of the first page that imported it ("unusual: ton"
on an English page).
"""

from __future__ import annotations

from flask_babel import gettext, pgettext


def flag_label(code: str) -> str:
    """The label of the field `code` flags; the code itself when it has none."""
    labels = {
        "n_kg_per_t": gettext("N per tonne"),
        "p2o5_kg_per_t": gettext("P2O5 per tonne"),
        "k2o_kg_per_t": gettext("K2O per tonne"),
        "tonnes": pgettext("the field flagged as unusual", "tonnes"),
        "n_kg": gettext("kg N wanted"),
        "area_ha": gettext("hectares"),
        "kind": gettext("kind of manure"),
        "origin_status": gettext("origin"),
        "n_room": gettext("N room"),
    }
    return labels.get(code, code)
