"""Language: Dutch by default, English by `?lang=en` or the header's switch, remembered."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, format_datetime

from market.core.schemas.translate import message
from market.core.validation import FieldError
from market.models import User
from tests.conftest import log_in, state
from tests.web.conftest import Market


def test_default_language_is_dutch(client: FlaskClient) -> None:
    assert '<html lang="nl">' in client.get("/login").get_data(as_text=True)


def test_query_parameter_switches_and_is_remembered(client: FlaskClient) -> None:
    assert '<html lang="en">' in client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_unknown_language_is_ignored(client: FlaskClient) -> None:
    assert '<html lang="nl">' in client.get("/login?lang=fr").get_data(as_text=True)
    assert client.get("/language/fr").status_code == 404


def test_switch_link_goes_back_to_the_page(client: FlaskClient) -> None:
    response = client.get("/language/en?next=/login")
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<label for="email">E-mail address</label>' in page


def test_switch_refuses_to_redirect_off_site(client: FlaskClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "login"):
        response = client.get("/language/en", query_string={"next": target})
        assert response.headers["Location"] == "/", target


def test_switch_is_saved_on_the_account(app: Flask, marketplace: Market) -> None:
    first = app.test_client()
    log_in(first, marketplace.livestock_email)
    first.get("/language/en?next=/")
    with state(app).session_factory() as session:
        user = session.query(User).filter_by(email=marketplace.livestock_email).one()
        assert user.locale == "en"
    second = app.test_client()
    log_in(second, marketplace.livestock_email)
    assert '<html lang="en">' in second.get("/no-such-page").get_data(as_text=True)


def test_session_choice_wins_over_the_account(app: Flask, marketplace: Market) -> None:
    client = app.test_client()
    log_in(client, marketplace.livestock_email)
    client.get("/language/en?next=/")
    other = app.test_client()
    other.get("/login?lang=nl")
    log_in(other, marketplace.livestock_email)
    assert '<html lang="nl">' in other.get("/no-such-page").get_data(as_text=True)


def test_switch_link_drops_the_old_language_from_the_way_back(client: FlaskClient) -> None:
    page = client.get("/login?lang=en&next=/healthz").get_data(as_text=True)
    link = re.search(r'href="(/language/nl[^"]*)"', page)
    assert link is not None
    back = client.get(html.unescape(link.group(1))).headers["Location"]
    assert back == "/login?next=%2Fhealthz"
    assert '<html lang="nl">' in client.get(back).get_data(as_text=True)


def test_times_are_shown_in_the_farms_time_zone(app: Flask) -> None:
    """Stored times are UTC; pages show them in `MESTMATCH_TIMEZONE` (Europe/Amsterdam):
    13:07 UTC on 30 November is 14:07 in the Netherlands (winter time)."""
    with app.test_request_context("/"):
        shown = format_datetime(datetime(2026, 11, 30, 13, 7, tzinfo=UTC), "HH:mm")
    assert shown == "14:07"


def test_refusals_group_numbers_of_five_or_more_digits_only(app: Flask) -> None:
    """Taalunie: "1000" and a year "2100" stay as they are; "1.000.000.000" is grouped."""
    with app.test_request_context("/?lang=nl"), force_locale("nl"):
        assert message(FieldError("number_max", {"high": 1000})) == "Moet hoogstens 1000 zijn."
        assert message(FieldError("number_max", {"high": 1e9})) == (
            "Moet hoogstens 1.000.000.000 zijn."
        )
        years = message(FieldError("whole_number_range", {"low": 2000, "high": 2100}))
        assert years == "Moet een geheel getal van 2000 tot en met 2100 zijn."


def test_refusals_write_dates_in_words_of_the_readers_language(app: Flask) -> None:
    """A delivery window in a refusal reads "10 november 2026" in Dutch, not "2026-11-10"
    (the English text kept for logs and the API keeps ISO dates)."""
    window = FieldError("outside_window", {"start": date(2026, 11, 10), "end": date(2027, 2, 1)})
    assert "(2026-11-10 to 2027-02-01)" in window
    with app.test_request_context("/?lang=nl"), force_locale("nl"):
        assert "(10 november 2026 tot en met 1 februari 2027)" in message(window)
    with app.test_request_context("/?lang=en"), force_locale("en"):
        assert "(November 10, 2026 to February 1, 2027)" in message(window)
