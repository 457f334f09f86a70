"""A refused adjustment writes the lot's overfill to the kilogram: 300,05 t placed of a
300 t lot read "De partij bevat 300 t; deze ronde zou 300 t plaatsen" when both were rounded
to the tenth (a newcomer's finding)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.proposals.schemas import AdjustInput
from market.proposals.services.adjust import check_tonnes
from tests.factories import DAY, add_farm, add_lot, add_proposal, add_request, add_run
from tests.market.test_kept_manure_review_adjust import POLICY


def test_the_overfill_is_written_to_the_kilogram(db: Session) -> None:
    lot = add_lot(db, add_farm(db, "De Terp"), tonnes=300.0)
    run = add_run(db)
    first = add_request(db, add_farm(db, "Akkerbouw Dronten", area_ha=500.0), 40_000.0)
    second = add_request(db, add_farm(db, "Akkerbouw Kampen", area_ha=500.0), 40_000.0)
    add_proposal(db, run, lot.id, first.id, 153.8)
    adjusted = add_proposal(db, run, lot.id, second.id, 140.0)
    with pytest.raises(ValidationError) as refused:
        check_tonnes(db, adjusted, parse(AdjustInput, {"tonnes": 146.25}), POLICY, DAY)
    error = refused.value.errors["tonnes"]
    assert error.code == "lot_overfilled"
    assert (error.params["lot"], error.params["placed"]) == (300.0, pytest.approx(300.05))
    assert "300.05 t" in error  # the English text; the pages write "300,05 t"
