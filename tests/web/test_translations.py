"""The committed catalogs: complete Dutch, up to date with the sources, compiled .mo in sync.

These fail when someone adds a string and forgets `make translations` (and the Dutch text).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from market.core.i18n import CATEGORY_LABELS, KIND_LABELS
from market.models import CATEGORIES, LOT_KINDS

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "market" / "translations"


def po(language: str) -> Catalog:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def source_ids() -> set[str]:
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    # N_ marks the error messages of the Flask-free data layer (`market.core.validation`).
    keywords = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "N_": None}
    plurals = {"ngettext": (1, 2), "lazy_ngettext": (1, 2)}
    found = extract_from_dir(ROOT, method_map, options_map, keywords={**keywords, **plurals})
    return {key(message) for _file, _line, message, _comments, _context in found}


def key(text: str | Iterable[str]) -> str:
    """A message id or text as one string; a plural's forms the same however they were read
    (a tuple from the .po and the sources, a list from the .mo)."""
    return text if isinstance(text, str) else str(tuple(text))


def given(text: str | Iterable[str]) -> bool:
    """A translation is given when it (every plural form of it) is not empty."""
    return bool(text) if isinstance(text, str) else all(text)


def catalog_ids(catalog: Catalog) -> set[str]:
    return {key(message.id) for message in catalog if message.id}


def test_catalogs_hold_exactly_the_strings_of_the_sources() -> None:
    ids = source_ids()
    assert ids
    assert catalog_ids(po("nl")) == ids
    assert catalog_ids(po("en")) == ids


def test_every_dutch_string_is_translated() -> None:
    untranslated = [m.id for m in po("nl") if m.id and (not given(m.string) or m.fuzzy)]
    assert untranslated == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalog_matches_its_source(language: str) -> None:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = read_mo(handle)
    expected = {key(m.id): key(m.string) for m in po(language) if m.id and given(m.string)}
    # Babel's .mo writer keeps an untranslated plural (English) with its msgids as forms.
    plurals = [m.id for m in po(language) if m.pluralizable and not given(m.string)]
    expected.update({key(plural): key(plural) for plural in plurals})
    assert {key(m.id): key(m.string) for m in compiled if m.id} == expected


def test_every_lot_kind_and_category_has_a_label() -> None:
    assert set(KIND_LABELS) == set(LOT_KINDS)
    assert set(CATEGORY_LABELS) == set(CATEGORIES)
