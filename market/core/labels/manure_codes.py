"""RVO manure codes (mestcodes) with their names, in the page's language.

The data file (`matching/data/manure_codes.json`) names each code in Dutch and English, as
RVO's Tabel 11 and the VDM use them; a page shows "14 · Rundvee: drijfmest" in Dutch and
"14 · Cattle: slurry" in English.
"""

from __future__ import annotations

from flask_babel import get_locale


def manure_code_name(code: str) -> str | None:
    """The code's name in the current language; None for a code the table does not hold."""
    from matching.reference import manure_codes

    row = manure_codes()["codes"].get(code)
    if row is None:
        return None
    return str(row["name_nl"] if str(get_locale()) == "nl" else row["name_en"])


def manure_code_label(code: str | None) -> str:
    """The code and its name ("14 · Rundvee: drijfmest"); the code alone when unknown, ""
    for no code."""
    if not code:
        return ""
    name = manure_code_name(code)
    return code if name is None else f"{code} · {name}"
