"""Measured quantities in answers: each to its unit's precision, the store exact.

A newcomer read `4074.2999999999997` where 4074.3 was meant: sums and products of floats
went into the JSON with the noise of their last digits (`market.core.schemas.units`).
"""

from __future__ import annotations

from flask import Flask

from market.models import Farm, Proposal, ReviewStatus, RunStatus
from tests.api.conftest import Call, World
from tests.conftest import load, state
from tests.factories import add_lot, add_proposal, add_request, add_run


def test_a_proposal_answers_its_figures_without_float_noise(
    call: Call, world: World, api_app: Flask
) -> None:
    """50 t at 4.4 kg N/t is 220.00000000000003 kg N in floats (`add_proposal`)."""
    body = call("coordinator", "GET", f"/proposals/{world.agreed}").get_json()
    figures = ("tonnes", "n_kg", "a_n_kg", "animal_n_kg", "distance_km", "cost_eur")
    assert [body[name] for name in figures] == [50.0, 220.0, 220.0, 220.0, 37.2, 279.0]
    assert load(api_app, Proposal, world.agreed).n_kg == 4.4 * 50 != 220.0  # stored exactly


def test_balances_are_rounded_in_their_listings_unit(
    call: Call, world: World, api_app: Flask
) -> None:
    """0.1 t + 0.2 t approved hold 0.30000000000000004 t and 1.3200000000000003 kg N in
    floats: the noise goes, the 20 g of the 1.32 kg N stay; tonnes for the lot, kg N for
    the request."""
    with state(api_app).session_factory() as session:
        lot = add_lot(session, session.get_one(Farm, world.farms["livestock"]), tonnes=10.0)
        ask = add_request(session, session.get_one(Farm, world.farms["arable"]), 100.0)
        for tonnes in (0.1, 0.2):  # two runs: a run proposes a pair once
            run = add_run(session, status=RunStatus.SOLVED)
            add_proposal(session, run, lot.id, ask.id, tonnes, review_status=ReviewStatus.APPROVED)
        session.commit()
        lot_id, ask_id = lot.id, ask.id
    lot_balance = call("livestock", "GET", f"/lots/{lot_id}").get_json()["balance"]
    assert (lot_balance["committed"], lot_balance["open"]) == (0.3, 9.7)
    ask_balance = call("arable", "GET", f"/requests/{ask_id}").get_json()["balance"]
    assert (ask_balance["committed"], ask_balance["open"]) == (1.32, 98.68)
