"""An adjustment below what the engine would ever propose is refused, naming the minimum:
0,04 t of cattle slurry passed as "0 kg N, waarvan 0 kg uit A" (a fresh-eyes finding)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.models import Proposal
from market.proposals.schemas import AdjustInput
from market.proposals.services.adjust import check_tonnes
from tests.factories import DAY, add_farm, add_lot, add_proposal, add_request, add_run
from tests.market.test_kept_manure_review_adjust import POLICY


def proposal_of(db: Session, lot_tonnes: float = 500.0) -> Proposal:
    """120 t of a lot of cattle slurry at 4.4 kg N/t."""
    lot = add_lot(db, add_farm(db, "De Terp"), tonnes=lot_tonnes)
    request = add_request(db, add_farm(db, "Akkerbouw Dronten", area_ha=500.0), 4_000.0)
    return add_proposal(db, add_run(db), lot.id, request.id, min(120.0, lot_tonnes))


def refusal(db: Session, proposal: Proposal, tonnes: float, **policy: float) -> dict:
    with pytest.raises(ValidationError) as refused:
        check_tonnes(db, proposal, parse(AdjustInput, {"tonnes": tonnes}), POLICY | policy, DAY)
    error = refused.value.errors["tonnes"]
    return {"code": error.code, **error.params}


def test_without_a_minimum_tonnes_that_carry_no_shown_n_are_refused(db: Session) -> None:
    proposal = proposal_of(db)
    # 1 kg N / 4.4 kg N/t = 0.2273 t: the smallest weighing that carries 1 kg N is 0.228 t
    assert refusal(db, proposal, 0.04) == {"code": "no_nitrogen", "tonnes": 0.04, "min": 0.228}
    assert refusal(db, proposal, 0.227)["min"] == 0.228  # 0.9988 kg N: as the message says
    assert check_tonnes(db, proposal, parse(AdjustInput, {"tonnes": 0.228}), POLICY, DAY)


def test_a_policy_minimum_delivery_is_the_floor(db: Session) -> None:
    proposal = proposal_of(db)
    assert refusal(db, proposal, 5.0, min_delivery_t=10.0) == {
        "code": "below_min_delivery",
        "min": 10.0,
    }
    adjusted = parse(AdjustInput, {"tonnes": 10.0})
    assert check_tonnes(db, proposal, adjusted, POLICY | {"min_delivery_t": 10.0}, DAY)


def test_a_lot_smaller_than_the_minimum_may_go_whole(db: Session) -> None:
    """The engine's bound is min(minimum, the lot's tonnes): a 6 t lot goes whole."""
    proposal = proposal_of(db, lot_tonnes=6.0)
    assert refusal(db, proposal, 3.0, min_delivery_t=10.0)["min"] == 6.0
    adjusted = parse(AdjustInput, {"tonnes": 6.0})
    assert check_tonnes(db, proposal, adjusted, POLICY | {"min_delivery_t": 10.0}, DAY)
