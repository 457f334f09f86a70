"""The run page's proposals table speaks the reader's language, whoever read it first: its
columns come from a template the page imports, whose top level Jinja caches (a fresh pair of
eyes saw Dutch column names on the English page after a Dutch one)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run


def _header(page: str) -> str:
    """The proposals table's header row."""
    found = re.search(r'<table[^>]*>.*?<thead>(.*?)</thead>.*?id="p\d+"', page, re.S)
    assert found, "the page has a proposals table"
    return found.group(1)


def test_the_proposals_table_is_in_each_readers_language(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app)
    log_in(client, marketplace.coordinator_email)
    dutch = _header(client.get(f"/review/runs/{run_id}?lang=nl").get_data(as_text=True))
    english = _header(client.get(f"/review/runs/{run_id}?lang=en").get_data(as_text=True))
    again = _header(client.get(f"/review/runs/{run_id}?lang=nl").get_data(as_text=True))
    assert "Leverancier → ontvanger" in dutch and "Beoordeling" in dutch
    assert "Supplier → receiver" in english and "Review" in english
    assert "Leverancier" not in english
    assert again == dutch
