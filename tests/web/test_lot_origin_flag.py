"""A lot stated more organic than its farm's certification (RULES R7, R9, R11): saved, never
refused, with the flag `origin_status`; the farmer is warned that an inspector will ask for
proof of origin, the coordinator sees the mark, and the flag follows the lot's origin and the
farm's certification; a named intermediary, Skal approval ticked or not, does not lift it
(the farmer ticks it: a claim to check, not the proof). The pages and the API share the
service, so both answer alike.

De Wende is in conversion, De Eikenhof organic; both keep dairy cows, so their cattle slurry
carries no `kind` flag of its own.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.accounts.schemas import FarmPatch
from market.accounts.services.api_tokens import issue_token
from market.accounts.services.farm_profile import update_farm
from market.models import Farm, FarmStatus, Livestock, Lot, Role, User
from tests.conftest import load, log_in, post_form, state
from tests.factories import add_farm, add_user
from tests.web.market_helpers import lot_ids
from tests.web.test_lots import LOT

CONVERSION = "wende@example.nl"
ORGANIC = "eikenhof@example.nl"
COORDINATOR = "coordinator@example.nl"
FARMS = {CONVERSION: "De Wende", ORGANIC: "De Eikenhof"}
#: Cattle slurry of the farm itself, stated organic, through no intermediary.
ORGANIC_LOT: dict[str, Any] = {
    **LOT,
    "origin_status": "organic",
    "intermediary_name": "",
    "intermediary_skal_approved": "",
    "intermediary_valid_until": "",
}
WARNING = (
    "De herkomst van deze partij (biologisch) is biologischer dan de certificering van uw"
    " bedrijf (in omschakeling)."
)
INSPECTOR = "een inspecteur vraagt om bewijs van herkomst"
NOTICE = "Biologischer dan de certificering van het bedrijf: een inspecteur vraagt"
MARK = 'title="Biologischer dan de certificering van het bedrijf: bewijs van herkomst nodig."'
API_LOT: dict[str, Any] = {
    "kind": "cattle_slurry",
    "tonnes": 200,
    "n_kg_per_t": 4.4,
    "available_from": "2026-12-01",
    "origin_status": "organic",
}


@pytest.fixture
def farms(app: Flask) -> dict[str, int]:
    """De Wende (in conversion) and De Eikenhof (organic), both with dairy cows, a farmer
    each, and a coordinator; the farms' ids by farmer's e-mail."""
    with state(app).session_factory() as session:
        wende = add_farm(
            session, FARMS[CONVERSION], status=FarmStatus.CONVERSION, skal_number="123411"
        )
        eikenhof = add_farm(session, FARMS[ORGANIC], skal_number="123412")
        for farm, email in ((wende, CONVERSION), (eikenhof, ORGANIC)):
            farm.livestock.append(Livestock(category="dairy_cow", head_count=60))
            add_user(session, email, Role.LIVESTOCK_FARMER, farm)
        add_user(session, COORDINATOR, Role.COORDINATOR, None)
        session.commit()
        return {CONVERSION: wende.id, ORGANIC: eikenhof.id}


def _posted(app: Flask, client: FlaskClient, email: str, lot: dict[str, Any]) -> tuple[int, str]:
    """The id of the lot `email`'s farmer (logged in on `client`) posts on the form, and the
    page it lands on."""
    posted = post_form(client, "/lots/new", lot)
    assert posted.status_code == 302, posted.get_data(as_text=True)
    lot_id = lot_ids(app, FARMS[email])[-1]
    return lot_id, client.get(posted.headers["Location"]).get_data(as_text=True)


def _token(app: Flask, email: str) -> dict[str, str]:
    """The headers of a new write token of `email`'s account."""
    with state(app).session_factory() as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        secret = issue_token(session, user, "tests", "write")[1]
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_an_organic_lot_of_a_conversion_farm_is_saved_flagged_and_warned(
    app: Flask, client: FlaskClient, farms: dict[str, int]
) -> None:
    log_in(client, CONVERSION)
    lot_id, shown = _posted(app, client, CONVERSION, ORGANIC_LOT)
    assert load(app, Lot, lot_id).flags == ["origin_status"]
    assert WARNING in shown and INSPECTOR in shown and NOTICE in shown and MARK in shown
    assert MARK in client.get("/listings/mine").get_data(as_text=True)
    coordinator = app.test_client()
    log_in(coordinator, COORDINATOR)
    page = coordinator.get(f"/lots/{lot_id}").get_data(as_text=True)
    assert NOTICE in page and MARK in page


def test_only_the_lot_more_organic_than_its_farm_is_flagged(
    app: Flask, client: FlaskClient, farms: dict[str, int]
) -> None:
    """The same organic lot: flagged from the farm in conversion, not from the organic farm;
    the coordinator's lists mark the one."""
    log_in(client, CONVERSION)
    flagged, _ = _posted(app, client, CONVERSION, ORGANIC_LOT)
    organic = app.test_client()
    log_in(organic, ORGANIC)
    lot_id, shown = _posted(app, organic, ORGANIC, ORGANIC_LOT)
    assert load(app, Lot, lot_id).flags == []
    assert INSPECTOR not in shown and NOTICE not in shown and MARK not in shown
    coordinator = app.test_client()
    log_in(coordinator, COORDINATOR)
    listed = coordinator.get("/").get_data(as_text=True)
    assert listed.count(MARK) == 1 and load(app, Lot, flagged).flags == ["origin_status"]


def test_an_intermediary_ticked_as_skal_approved_does_not_lift_the_flag(
    app: Flask, client: FlaskClient, farms: dict[str, int]
) -> None:
    log_in(client, CONVERSION)
    approved, shown = _posted(app, client, CONVERSION, {**ORGANIC_LOT, **_intermediary("y")})
    unapproved, _ = _posted(app, client, CONVERSION, {**ORGANIC_LOT, **_intermediary("")})
    assert load(app, Lot, approved).flags == ["origin_status"]
    assert load(app, Lot, unapproved).flags == ["origin_status"]
    assert WARNING in shown


def _intermediary(skal_approved: str) -> dict[str, str]:
    return {
        "intermediary_name": "Mestbemiddeling Oost",
        "intermediary_skal_approved": skal_approved,
        "intermediary_valid_until": "2027-06-30",
    }


def test_editing_the_origin_down_to_the_farms_status_clears_the_flag(
    app: Flask, client: FlaskClient, farms: dict[str, int]
) -> None:
    log_in(client, CONVERSION)
    lot_id, _ = _posted(app, client, CONVERSION, ORGANIC_LOT)
    edited = {**ORGANIC_LOT, "origin_status": "conversion", "tonnes": "250"}
    saved = post_form(client, f"/lots/{lot_id}/edit", edited)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert load(app, Lot, lot_id).flags == []
    shown = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert INSPECTOR not in shown and NOTICE not in shown and MARK not in shown
    post_form(client, f"/lots/{lot_id}/edit", ORGANIC_LOT)
    assert load(app, Lot, lot_id).flags == ["origin_status"]


def test_the_farms_certification_sets_and_clears_the_flag(
    app: Flask, client: FlaskClient, farms: dict[str, int]
) -> None:
    """A farm in conversion whose own animals' manure is organic already may offer organic
    manure: the lot is as organic as a part of the farm's certification."""
    log_in(client, ORGANIC)
    lot_id, _ = _posted(app, client, ORGANIC, ORGANIC_LOT)
    assert load(app, Lot, lot_id).flags == []
    steps = (
        ("conversion", "conversion", ["origin_status"]),
        ("conversion", "organic", []),
        ("conventional", "conventional", ["origin_status"]),
        ("organic", "organic", []),
    )
    for status, own_manure_status, flags in steps:
        with state(app).session_factory() as session:
            farm = session.get_one(Farm, farms[ORGANIC])
            certified = {"status": status, "own_manure_status": own_manure_status}
            update_farm(session, farm, FarmPatch.model_validate(certified), None)
            session.commit()
        assert load(app, Lot, lot_id).flags == flags


def test_the_api_flags_answers_and_clears_alike(
    app: Flask, client: FlaskClient, farms: dict[str, int]
) -> None:
    headers = _token(app, CONVERSION)
    created = client.post("/api/v1/lots", json=API_LOT, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.get_json()["flags"] == ["origin_status"]
    lowered = client.patch(
        created.headers["Location"],
        json={"origin_status": "conversion"},
        headers={**headers, "If-Match": created.headers["ETag"]},
    )
    assert lowered.status_code == 200, lowered.get_data(as_text=True)
    assert lowered.get_json()["flags"] == []
    organic = client.post("/api/v1/lots", json=API_LOT, headers=_token(app, ORGANIC))
    assert organic.status_code == 201 and organic.get_json()["flags"] == []
