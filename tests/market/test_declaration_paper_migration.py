"""Migration 0017 on a database whose declarations of origin were issued before it: every
delivery of animal manure gets the paper the numbering keeps now (`kept_paper`), from the
rows as they stand; one without animal manure gets none; going down drops it and coming
back up fills it again (SQLite and PostgreSQL).

The deliveries are booked at the head revision (so the app's own `kept_paper` gives the
expected papers), then the database goes down to 0016, which drops what they kept, and up
to 0017 alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from market.core.db import alembic_config, engine_for_url
from market.deliveries.services.declaration_paper import read_kept
from market.deliveries.services.ledger import record_delivery
from market.listings.services.listings import lot_origin
from market.models import Delivery
from matching.rules import classify_lot
from tests.factories import add_delivery, add_lot, add_proposal, add_request, add_run
from tests.pg import throwaway_database
from tests.web.test_papers import delivered, digestate, farm_pair, weighing

BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.integration)]
PAPERS = "SELECT id, declaration_paper FROM deliveries ORDER BY id"


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of this test on either backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'papers.sqlite3'}"
        return
    with throwaway_database("declaration_paper_migration") as made:
        yield made


def booked(session: Session) -> dict[int, dict[str, Any] | None]:
    """A digestate (its manure share and intermediary stated), cattle slurry (code 14), one
    naming an intermediary the lot does not, one with a proposal's delivery window, and green
    compost (no declaration): delivery id → the paper its numbering kept."""
    supplier, receiver = farm_pair(session)
    slurry = add_lot(session, supplier, manure_code="14", tonnes=900.0)
    ids = [
        delivered(session, digestate(session, supplier), receiver, weighing()),
        delivered(session, slurry, receiver, weighing()),
        delivered(session, slurry, receiver, weighing(intermediary_name="Ander BV")),
    ]
    wanted = add_request(session, receiver)
    window = {"delivery_from": date(2026, 11, 1), "delivery_until": date(2027, 1, 31)}
    proposal = add_proposal(session, add_run(session), slurry.id, wanted.id, 48.0, **window)
    ids.append(add_delivery(session, proposal).id)
    compost = add_lot(session, supplier, "green_compost")
    lot_class = classify_lot(compost.kind, lot_origin(compost))
    ids.append(record_delivery(session, compost, receiver, lot_class, weighing()).id)
    session.commit()
    return {row_id: session.get_one(Delivery, row_id).declaration_paper for row_id in ids}


def papers(engine: sa.Engine) -> dict[int, Any]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text(PAPERS).columns(declaration_paper=sa.JSON()))
        return {row_id: paper for row_id, paper in rows}


def test_0017_keeps_each_issued_declaration_as_the_rows_stand_and_goes_back_down(
    url: str,
) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    engine = engine_for_url(url)
    try:
        with Session(engine) as session:
            expected = booked(session)
        command.downgrade(config, "0016")
        assert "declaration_paper" not in {
            c["name"] for c in sa.inspect(engine).get_columns("deliveries")
        }
        command.upgrade(config, "0017")
        assert papers(engine) == expected
        *issued, compost = expected.values()
        assert compost is None
        digested, slurry, other, windowed = (read_kept(paper or {}) for paper in issued)
        assert (digested.manure_share, digested.manure_share_stated) == (0.6, True)
        assert digested.intermediary is not None and digested.intermediary.valid_on_delivery
        assert slurry.code_names == {"nl": "Rundvee: drijfmest", "en": "Cattle: slurry"}
        assert other.intermediary is not None and not other.intermediary.known
        assert windowed.window is not None and windowed.window.delivery_until == date(2027, 1, 31)
        command.downgrade(config, "0016")
        command.upgrade(config, "0017")
        assert papers(engine) == expected
    finally:
        engine.dispose()
