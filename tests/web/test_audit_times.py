"""The audit log's times: the farms' local time in the reader's language, as on every page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.conftest import Market
from tests.web.test_audit import add_entries, audit


def test_audit_times_are_local_and_in_the_readers_format(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """31 May 23:00 UTC is 1 June 01:00 in Amsterdam (summer time): never the stored UTC."""
    add_entries(app, marketplace)
    log_in(client, marketplace.coordinator_email)
    dutch, english = audit(client, "?lang=nl"), audit(client, "?lang=en")
    assert "01-06-2026, 01:00" in dutch and "2026-05-31 23:00" not in dutch
    assert "6/1/26, 1:00\u202fAM" in english


def test_audit_dates_filter_the_days_the_page_shows(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """The entry shown at 01-06-2026, 01:00 belongs to 1 June, not to 31 May (its UTC day)."""
    add_entries(app, marketplace)
    log_in(client, marketplace.coordinator_email)
    june = audit(client, "?lang=nl&since=2026-06-01&until=2026-06-01")
    may = audit(client, "?lang=nl&since=2026-05-31&until=2026-05-31")
    assert "01-06-2026, 01:00" in june and "01-06-2026, 10:00" in june
    assert "01-06-2026" not in may
    assert "Europe/Amsterdam" in june
