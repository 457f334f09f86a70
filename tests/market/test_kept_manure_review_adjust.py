"""The run review's farm shares and a proposal's adjustment count the own manure a farm
kept after its weighed deliveries out, as its farm page does (`calculate` over
`year_deliveries`), on both databases (`tests.market.kept_manure_helpers`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest
from sqlalchemy.orm import Session

from market.accounts.services.calculator import calculate
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.deliveries.services.papers import year_deliveries
from market.models import Proposal
from market.proposals.schemas import AdjustInput
from market.proposals.services.adjust import check_tonnes
from market.runs.services.report import farm_shares
from tests.factories import DAY, add_proposal, add_run
from tests.market.kept_manure_helpers import ROOM_LEFT, kept_manure_scene

POLICY = {"n_cap_kg_per_ha": 170.0, "a_share_min": 0.7}


def adjusted(
    session: Session, proposal: Proposal, tonnes: float, policy: Mapping[str, float], on: date
) -> str:
    """What checking the proposal at `tonnes` says: "fits" or the code of its refusal."""
    try:
        check_tonnes(session, proposal, parse(AdjustInput, {"tonnes": tonnes}), policy, on)
    except ValidationError as error:
        return error.errors["tonnes"].code
    return "fits"


def test_the_review_and_an_adjustment_count_the_room_the_farm_page_shows(db: Session) -> None:
    """A proposal of 10 t (44 kg N) into De Terp: the review shows 1,116 kg left, as the
    page's 1,160 less the proposal; raising it to 260 t (1,144 kg N) fits the room, 270 t
    (1,188 kg N) does not."""
    scene = kept_manure_scene(db, DAY)
    page = calculate(scene.terp, POLICY, DAY, None, year_deliveries(db, scene.terp, DAY.year))
    assert page.now.room_left_kg == pytest.approx(ROOM_LEFT)
    proposal = add_proposal(db, add_run(db), scene.lot_id, scene.request_id, 10.0)
    [share] = farm_shares(db, [proposal], POLICY, DAY)
    assert share.balance.room_left_kg == pytest.approx(ROOM_LEFT - 44.0)
    assert share.balance.own_kept_n_kg == pytest.approx(page.now.own_kept_n_kg)
    assert adjusted(db, proposal, 260.0, POLICY, DAY) == "fits"
    assert adjusted(db, proposal, 270.0, POLICY, DAY) == "n_room_exceeded"
