"""Names of the livestock categories of the excretion norms table (R4), in the page's language.

The data file (`matching/data/excretion_norms.json`) labels each category "Dutch / English",
as RVO publishes the Dutch name; the page shows the half for its language.
"""

from __future__ import annotations

from functools import cache

from flask_babel import get_locale


@cache
def _labels() -> dict[str, tuple[str, str]]:
    from matching.reference import excretion_norms

    labels = {}
    for category, row in excretion_norms()["categories"].items():
        dutch, _, english = str(row.get("label") or category).partition(" / ")
        labels[category] = (dutch, english or dutch)
    return labels


def animal_label(category: str) -> str:
    """The category's name in the current language; the key itself when it is unknown."""
    pair = _labels().get(category)
    if pair is None:
        return category
    return pair[0] if str(get_locale()) == "nl" else pair[1]


def unsourced_categories() -> frozenset[str]:
    """Categories whose norm is an estimate (not checked against the RVO table)."""
    from matching.reference import excretion_norms

    rows = excretion_norms()["categories"].items()
    return frozenset(name for name, row in rows if row.get("sourced") is False)
