"""The API's side of animal manure from a farm that keeps none of those animals: the same
service as the pages, so the lot is created (201) and answers the `kind` flag, which goes
when the farm's livestock gains the animals (the seeded livestock farm keeps none)."""

from __future__ import annotations

from flask import Flask

from market.accounts.schemas import LivestockInput
from market.accounts.services.farm_profile import set_livestock
from market.models import Farm
from tests.api.conftest import Call, World
from tests.api.seed import LOT_BODY
from tests.conftest import state


def test_a_lot_of_slurry_without_the_animals_answers_the_kind_flag(
    call: Call, api_app: Flask, world: World
) -> None:
    created = call("livestock", "POST", "/lots", json=LOT_BODY)
    assert created.status_code == 201 and created.get_json()["flags"] == ["kind"]
    with state(api_app).session_factory() as session:
        farm = session.get_one(Farm, world.farms["livestock"])
        set_livestock(session, farm, LivestockInput(category="dairy_cow", head_count=80))
        session.commit()
    lot = call("livestock", "GET", f"/lots/{created.get_json()['id']}")
    assert lot.get_json()["flags"] == []
    pigs = call("livestock", "POST", "/lots", json={**LOT_BODY, "kind": "pig_slurry"})
    assert pigs.status_code == 201 and pigs.get_json()["flags"] == ["kind"]
