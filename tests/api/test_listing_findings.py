"""A newcomer's findings on listings through the API: hidden control characters in text, and
dates far outside any season, are refused with a field error the document announces."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask

from config.settings import LISTING_YEARS_AHEAD, LISTING_YEARS_BACK
from market.core.api.openapi import document
from market.models import Lot
from tests.api.conftest import Call
from tests.api.seed import LOT_BODY, REQUEST_BODY
from tests.conftest import load
from tests.factories import farm_today

#: A right-to-left override (names read backwards: a spoofing trick), a bell, a zero-width
#: space and a byte-order mark inside a name.
HIDDEN = ["Mest\u202eOost", "Mest\x07Oost", "Mest\u200bOost", "Mest\ufeffOost"]


def years_later(day: date, years: int) -> date:
    """`day` `years` on; 29 February as the 28th in a year without it."""
    return date(day.year + years, day.month, min(day.day, 28 if day.month == 2 else 31))


def codes(response: object) -> dict[str, str]:
    errors = response.get_json()["errors"]  # type: ignore[attr-defined]
    return {error["field"]: error["code"] for error in errors}


@pytest.mark.parametrize("name", HIDDEN)
def test_control_and_format_characters_in_a_name_are_refused(call: Call, name: str) -> None:
    refused = call("livestock", "POST", "/lots", json={**LOT_BODY, "intermediary_name": name})
    assert refused.status_code == 422
    assert codes(refused) == {"intermediary_name": "text_control"}


def test_a_name_keeps_its_accents_and_loses_blanks_around_it(call: Call) -> None:
    body = {**LOT_BODY, "intermediary_name": "\t Mestbemiddeling Zuidoost-Brabant é ✓\n"}
    created = call("livestock", "POST", "/lots", json=body)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["intermediary_name"] == "Mestbemiddeling Zuidoost-Brabant é ✓"


def test_a_reason_keeps_its_line_breaks_but_not_a_direction_override(
    call: Call, api_app: Flask
) -> None:
    lot = call("livestock", "POST", "/lots", json=LOT_BODY).get_json()["id"]
    path, match = f"/lots/{lot}/withdraw", {"If-Match": "*"}
    spoofed = call("livestock", "POST", path, json={"reason": "Verkocht\u202e"}, headers=match)
    assert codes(spoofed) == {"reason": "text_control"}
    reason = "Verkocht aan de buurman.\r\nZie\tde mail."
    withdrawn = call("livestock", "POST", path, json={"reason": reason}, headers=match)
    assert withdrawn.status_code == 200
    assert load(api_app, Lot, lot).withdrawn_reason == reason


def test_the_document_states_the_rule_as_a_pattern() -> None:
    """So schemathesis's valid bodies hold none of them, and its invalid ones are refused."""
    schemas = document()["components"]["schemas"]
    name = schemas["LotInput"]["properties"]["intermediary_name"]["pattern"]
    reason = schemas["WithdrawInput"]["properties"]["reason"]["pattern"]
    for pattern, line_break in ((name, False), (reason, True)):
        assert not re.fullmatch(pattern, "Mest\u202eOost")
        assert not re.fullmatch(pattern, "Mest\x07Oost")
        assert re.fullmatch(pattern, " Mestbemiddeling Oost ✓\n")
        assert bool(re.fullmatch(pattern, "regel\nregel")) is line_break


def test_dates_far_outside_a_season_are_refused_on_lots_and_requests(call: Call) -> None:
    """1900-01-01 and 9999-12-31 were taken as a lot's `available_from`."""
    for day in ("1900-01-01", "9999-12-31"):
        lot = call("livestock", "POST", "/lots", json={**LOT_BODY, "available_from": day})
        assert codes(lot) == {"available_from": "date_window"}, day
        until = {**LOT_BODY, "available_until": day, "intermediary_name": "Oost"}
        assert codes(call("livestock", "POST", "/lots", json=until)) == {
            "available_until": "date_window"
        }
        wanted = call("arable", "POST", "/requests", json={**REQUEST_BODY, "wanted_from": day})
        assert codes(wanted) == {"wanted_from": "date_window"}, day
    analysed = call("livestock", "POST", "/lots", json={**LOT_BODY, "analysed_on": "1900-01-01"})
    assert codes(analysed) == {"analysed_on": "date_window"}


def test_the_window_runs_the_configured_years_around_today(call: Call) -> None:
    today = farm_today()
    first = years_later(today, -LISTING_YEARS_BACK) + timedelta(days=1)
    last = years_later(today, LISTING_YEARS_AHEAD) - timedelta(days=1)
    for day, status in ((first, 201), (last, 201), (first - timedelta(days=2), 422)):
        body = {**LOT_BODY, "available_from": day.isoformat(), "available_until": None}
        assert call("livestock", "POST", "/lots", json=body).status_code == status, day
    assert last > date(today.year + 1, 1, 1)  # next season's dates stay welcome


def test_the_document_says_the_window_in_words() -> None:
    """JSON Schema knows no today: like "not in the future", the window is said, not coded."""
    properties = document()["components"]["schemas"]["RequestInput"]["properties"]
    said = properties["wanted_from"]["description"]
    assert f"{LISTING_YEARS_BACK} years before" in said
    assert f"{LISTING_YEARS_AHEAD} years after today" in said
