"""Unusual figures on the pages: the form warns and keeps the values, a confirmed figure is
saved with a visible mark (listing, lists, run review), a coordinator suspends a listing, and
the run page names what a run left out (issue 10)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Lot, MatchRun
from tests.conftest import load, log_in, log_out, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import approve_all, approved_farmer, lot_ids
from tests.web.review_helpers import add_solved_run
from tests.web.test_lots import LOT
from tests.web.test_signup import FORM as SIGNUP

MARK = 'class="verdict bad flag"'


@pytest.fixture
def farmer(app: Flask, client: FlaskClient, marketplace: Market) -> FlaskClient:
    return approved_farmer(app, client, marketplace.livestock_email)


def flag_lot(app: Flask, farm: str = "De Hoeve") -> int:
    """The farm's first lot, at 40 kg N per tonne of cattle slurry (confirmed, so flagged)."""
    lot_id = lot_ids(app, farm)[0]
    with state(app).session_factory() as session:
        lot = session.get_one(Lot, lot_id)
        lot.n_kg_per_t = 40.0
        session.commit()
    return lot_id


def test_slurry_at_40_kg_n_is_kept_with_a_warning_then_saved_flagged(
    app: Flask, farmer: FlaskClient
) -> None:
    before = lot_ids(app, "De Hoeve")
    warned = post_form(farmer, "/lots/new", {**LOT, "n_kg_per_t": "40"})
    page = warned.get_data(as_text=True)
    assert warned.status_code == 400 and lot_ids(app, "De Hoeve") == before
    assert 'id="n_kg_per_t-error">' in page and 'value="40"' in page
    assert 'name="confirm_unusual"' in page
    saved = post_form(farmer, "/lots/new", {**LOT, "n_kg_per_t": "40", "confirm_unusual": "y"})
    assert saved.status_code == 302
    lot_id = lot_ids(app, "De Hoeve")[-1]
    assert load(app, Lot, lot_id).flags == ["n_kg_per_t", "kind"]  # De Hoeve keeps no cattle
    shown = farmer.get(f"/lots/{lot_id}").get_data(as_text=True)
    assert "verdict bad" in shown and "N per ton" in shown  # the flag, in words
    assert MARK in farmer.get("/listings/mine").get_data(as_text=True)


def test_feather_meal_is_offered_through_the_form(app: Flask, farmer: FlaskClient) -> None:
    feather = {**LOT, "kind": "mineral_n", "n_kg_per_t": "120", "p2o5_kg_per_t": "5"}
    response = post_form(
        farmer, "/lots/new", {**feather, "k2o_kg_per_t": "2", "skal_input_list": "y"}
    )
    assert response.status_code == 302
    lot = load(app, Lot, lot_ids(app, "De Hoeve")[-1])
    assert (lot.kind, lot.n_kg_per_t, lot.flags) == ("mineral_n", 120.0, [])


def test_the_run_review_marks_a_proposal_whose_lot_is_flagged(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    flag_lot(app)
    run_id, proposal_id = add_solved_run(app)
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    row = page[page.index(f'id="p{proposal_id}"') :]
    assert MARK in row[: row.index("</tr>")]


def test_the_run_page_names_what_the_run_left_out(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app)
    lot_id = lot_ids(app, "De Hoeve")[0]
    with state(app).session_factory() as session:
        reasons = ["p2o5_kg_per_t: must be between 0 and 1000"]
        session.get_one(MatchRun, run_id).left_out = [
            {"item": "lots", "id": f"L{lot_id}", "reasons": reasons}
        ]
        lot = session.get_one(Lot, lot_id)
        lot.left_out_run_id, lot.left_out_reason = run_id, reasons[0]
        session.commit()
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert f'href="/lots/{lot_id}"' in page and reasons[0] in page
    log_out(client)
    log_in(client, marketplace.livestock_email)
    assert reasons[0] in client.get(f"/lots/{lot_id}").get_data(as_text=True)


def test_a_coordinator_suspends_a_lot_with_a_reason_and_lifts_it(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    approve_all(app)
    lot_id = lot_ids(app, "De Hoeve")[0]
    log_in(client, marketplace.livestock_email)
    page = f"/lots/{lot_id}"
    assert post_form(client, page, {"reason": "x"}, f"{page}/suspend").status_code == 403
    log_out(client)
    log_in(client, marketplace.coordinator_email)
    empty = post_form(client, page, {"reason": " "}, f"{page}/suspend")
    assert empty.status_code == 302 and load(app, Lot, lot_id).suspended_at is None
    post_form(client, page, {"reason": "Analyse onwaarschijnlijk"}, f"{page}/suspend")
    lot = load(app, Lot, lot_id)
    assert lot.suspended_at is not None and lot.suspended_reason == "Analyse onwaarschijnlijk"
    assert "Analyse onwaarschijnlijk" in client.get(page).get_data(as_text=True)
    post_form(client, page, {}, f"{page}/lift")
    assert load(app, Lot, lot_id).suspended_at is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lat": "20"}, "lat"),
        ({"area_ha": "100000"}, "area_ha"),
        ({"farm_name": "x" * 10_000}, "farm_name"),
    ],
)
def test_sign_up_refuses_a_farm_out_of_the_country_or_the_ordinary(
    client: FlaskClient, changes: dict[str, Any], field: str
) -> None:
    response = post_form(client, "/signup", {**SIGNUP, **changes})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)


def test_sign_up_takes_a_vast_farm_once_confirmed(client: FlaskClient) -> None:
    page = post_form(client, "/signup", {**SIGNUP, "area_ha": "100000"}).get_data(as_text=True)
    assert 'name="confirm_unusual"' in page
    confirmed = post_form(
        client, "/signup", {**SIGNUP, "area_ha": "100000", "confirm_unusual": "y"}
    )
    assert confirmed.status_code == 302
