"""A newcomer's findings on the listing pages: hidden characters and far-off dates refused in
Dutch, a request's tenth of a kg N shown, the analysis's badge without blanks in its brackets,
and a lot whose intermediary keeps it out of every run told so when it is saved."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, log_out, post_form
from tests.factories import farm_today
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, lot_ids, request_ids
from tests.web.test_lots import LOT, post_lot
from tests.web.test_requests import FORM as REQUEST_FORM

FLASH = re.compile(r'<div class="flash flash-(\w+)"[^>]*>([^<]*)</div>')


def farmer(client: FlaskClient, app: Flask, email: str) -> FlaskClient:
    approve_all(app)
    log_in(client, email)
    return client


def field_error(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error">([^<]*)<', page)
    assert found, f"no error under {field}"
    return found.group(1)


def flashes(page: str) -> list[tuple[str, str]]:
    return FLASH.findall(page)


def test_a_direction_override_or_a_bell_in_a_name_is_refused_in_dutch(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    farmer(client, app, marketplace.livestock_email)
    for name in ("Mest\u202eOost", "Mest\x07Oost"):
        refused = post_lot(client, intermediary_name=name)
        assert refused.status_code == 400
        assert field_error(refused.get_data(as_text=True), "intermediary_name") == (
            "Bevat onzichtbare stuurtekens (zoals een teken voor de schrijfrichting): typ de"
            " tekst opnieuw zonder deze tekens."
        )


def test_dates_outside_the_window_are_refused_with_its_bounds(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    farmer(client, app, marketplace.livestock_email)
    for day in ("1900-01-01", "9999-12-31"):
        refused = post_lot(client, available_from=day, available_until="")
        assert refused.status_code == 400, day
        said = field_error(refused.get_data(as_text=True), "available_from")
        assert re.fullmatch(r"Geef een datum tussen \d+ \w+ \d{4} en \d+ \w+ \d{4}\.", said)
        assert str(farm_today().year - 5) in said and str(farm_today().year + 5) in said
    log_out(client)
    log_in(client, marketplace.arable_email)
    wanted = post_form(client, "/requests/new", {**REQUEST_FORM, "wanted_until": "9999-12-31"})
    assert "Geef een datum tussen" in field_error(wanted.get_data(as_text=True), "wanted_until")


def test_a_request_shows_its_tenth_of_a_kg_n(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """ "1.500,5" was stored as 1500.5 but read "Vraag: 1.500 kg N" everywhere."""
    farmer(client, app, marketplace.arable_email)
    posted = post_form(client, "/requests/new", {**REQUEST_FORM, "n_kg": "1.500,5"})
    assert posted.status_code == 302, posted.get_data(as_text=True)
    request_id = request_ids(app, "Akkerbouw Zeeland")[-1]
    shown = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Vraag: 1.500,5 kg N" in shown
    assert "1.500,5 kg N" in client.get(f"/market/requests/{request_id}").get_data(as_text=True)
    mine = client.get("/listings/mine").get_data(as_text=True)
    assert ">1.500,5</a>" in mine
    whole = post_form(client, "/requests/new", {**REQUEST_FORM, "n_kg": "2500"})
    assert whole.status_code == 302
    shown = client.get(f"/requests/{request_ids(app, 'Akkerbouw Zeeland')[-1]}")
    assert "Vraag: 2.500 kg N" in shown.get_data(as_text=True)  # no ",0" on a whole number


def test_an_undated_analysis_reads_without_blanks_in_its_brackets(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """The badge's padding inside the brackets read "( datum niet vastgelegd );"."""
    farmer(client, app, marketplace.livestock_email)
    post_lot(client, analysed_on="", p2o5_kg_per_t="")
    page = client.get(f"/lots/{lot_ids(app, 'De Hoeve')[-1]}").get_data(as_text=True)
    source = re.search(r"<dd>(analyse voor N .*?)</dd>", page)
    assert source, page
    assert source.group(1).startswith(
        'analyse voor N en K2O (<span class="warning-text">datum niet vastgelegd</span>); '
    )
    assert '(<span class="verdict' not in page


def saved_flashes(client: FlaskClient, **changes: Any) -> list[tuple[str, str]]:
    saved = post_lot(client, **changes)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    return flashes(client.get(saved.headers["Location"]).get_data(as_text=True))


def test_a_lot_whose_intermediary_no_run_accepts_is_saved_with_a_warning(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """Rule R11: without the Skal box a run leaves the lot out ("De intermediair is niet door
    Skal erkend"); the farmer reads it when saving, not after the run."""
    farmer(client, app, marketplace.livestock_email)
    cattle: dict[str, object] = {"category": "dairy_cow", "head_count": "80"}  # kind: no warning
    assert post_form(client, "/farm", cattle, "/farm/livestock").status_code == 302
    unticked = saved_flashes(client, intermediary_skal_approved="")
    assert unticked[0] == ("success", "Uw partij is geplaatst.")
    assert unticked[1][0] == "warning"
    assert "De intermediair is niet door Skal erkend." in unticked[1][1]
    expired = (farm_today() - timedelta(days=1)).isoformat()
    lapsed = saved_flashes(client, intermediary_valid_until=expired)
    assert "De Skal-verklaring van de intermediair is verlopen." in lapsed[1][1]
    assert [kind for kind, _ in saved_flashes(client)] == ["success"]  # ticked and valid
    alone = {"intermediary_name": "", "intermediary_skal_approved": ""}
    assert [kind for kind, _ in saved_flashes(client, **alone)] == ["success"]
    edit = f"/lots/{lot_ids(app, 'De Hoeve')[0]}/edit"
    edited = post_form(client, edit, {**LOT, "intermediary_skal_approved": ""})
    assert edited.status_code == 302, edited.get_data(as_text=True)
    told = flashes(client.get(edited.headers["Location"]).get_data(as_text=True))
    assert [kind for kind, _ in told] == ["success", "warning"]
