"""Each of a lot's contents has its own source: the lab's figures are kept as given, the
RVO standard table (forfaitaire gehalten) fills the rest, and `standard_fields` says which,
so an edit, a delivery and the lot's page treat each figure by where it came from."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from market.core.db import alembic_config, engine_for_url
from market.core.reference import standard_contents
from market.core.schemas import parse
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.listings.schemas import LotInput, LotPatch
from market.listings.services.listings import create_lot, update_lot
from market.models import AnalysisSource, Lot
from tests.factories import add_farm
from tests.market.conftest import LOT_FORM
from tests.market.test_manure_codes import table_2027
from tests.market.test_outlet_calendar_migration import FARM, LOT
from tests.market.test_services_ledger import ORGANIC_SLURRY, WEIGHED

LAB_N_ONLY: dict[str, Any] = {**LOT_FORM, "p2o5_kg_per_t": None, "k2o_kg_per_t": None}
FROM_TABLE = ["p2o5_kg_per_t", "k2o_kg_per_t"]


def lot(db: Session, form: dict[str, Any]) -> Lot:
    return create_lot(db, add_farm(db), parse(LotInput, form))


def test_a_partial_analysis_is_completed_from_the_table_and_says_which(db: Session) -> None:
    partial = lot(db, LAB_N_ONLY)
    slurry = standard_contents()["cattle_slurry"]
    assert (partial.analysis_source, partial.n_kg_per_t) == (AnalysisSource.MEASURED, 4.4)
    assert (partial.p2o5_kg_per_t, partial.k2o_kg_per_t) == (
        slurry.p2o5_kg_per_t,
        slurry.k2o_kg_per_t,
    )
    assert (partial.standard_fields, partial.analysed_on) == (FROM_TABLE, date(2026, 10, 1))
    assert lot(db, LOT_FORM).standard_fields == []
    no_lab = {key: value for key, value in LOT_FORM.items() if key != "n_kg_per_t"}
    only_p = lot(db, {**no_lab, "k2o_kg_per_t": None})
    assert only_p.analysis_source is AnalysisSource.STANDARD
    assert (only_p.standard_fields, only_p.p2o5_kg_per_t) == (["n_kg_per_t", "k2o_kg_per_t"], 1.5)
    assert only_p.analysed_on == date(2026, 10, 1)


def test_table_figures_follow_a_new_kind_and_lab_figures_stay(db: Session) -> None:
    partial = lot(db, LAB_N_ONLY)
    update_lot(db, partial, parse(LotPatch, {"kind": "pig_slurry"}))
    pig = standard_contents()["pig_slurry"]
    assert (partial.n_kg_per_t, partial.p2o5_kg_per_t) == (4.4, pig.p2o5_kg_per_t)
    assert partial.standard_fields == FROM_TABLE
    update_lot(db, partial, parse(LotPatch, {"p2o5_kg_per_t": 2.5}))
    assert (partial.p2o5_kg_per_t, partial.standard_fields) == (2.5, ["k2o_kg_per_t"])
    update_lot(db, partial, parse(LotPatch, {"tonnes": 300}))
    assert (partial.p2o5_kg_per_t, partial.k2o_kg_per_t) == (2.5, pig.k2o_kg_per_t)


def test_a_delivery_takes_the_tables_figures_of_its_date_only_for_table_contents(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cattle slurry (code 14) with a lab N, delivered in 2027 under a new table: N is the
    lab's, P2O5 the 2027 table's."""
    partial = lot(db, LAB_N_ONLY)
    table_2027(monkeypatch, "14", {"n_kg_per_t": 9.9, "p2o5_kg_per_t": 1.9})
    weighed = parse(Weighing, {**WEIGHED, "delivered_on": date(2027, 2, 1)})
    delivery = record_delivery(db, partial, add_farm(db), ORGANIC_SLURRY, weighed)
    assert (delivery.n_kg_per_t, delivery.p2o5_kg_per_t) == (4.4, 1.9)
    assert delivery.k2o_kg_per_t == partial.k2o_kg_per_t
    assert delivery.standard_fields == FROM_TABLE
    assert (delivery.sampled_fields, delivery.lot_analysed_on) == ([], date(2026, 10, 1))
    sampled = parse(Weighing, {**WEIGHED, "p2o5_kg_per_t": 2.2})
    with_sample = record_delivery(db, partial, add_farm(db), ORGANIC_SLURRY, sampled)
    assert (with_sample.p2o5_kg_per_t, with_sample.standard_fields) == (2.2, ["k2o_kg_per_t"])
    assert with_sample.sampled_fields == ["p2o5_kg_per_t"]
    all_sampled = parse(Weighing, {**WEIGHED, "n_kg_per_t": 4.0, "k2o_kg_per_t": 6.0})
    own = record_delivery(db, partial, add_farm(db), ORGANIC_SLURRY, all_sampled)
    assert (own.standard_fields, own.lot_analysed_on) == (["p2o5_kg_per_t"], None)


def test_0015_marks_standard_lots_all_from_the_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    config = alembic_config(url)
    command.upgrade(config, "0014")
    engine = engine_for_url(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(FARM))
            connection.execute(sa.text(LOT))
            connection.execute(sa.text(LOT.replace("'standard'", "'measured'")))
        command.upgrade(config, "0015")
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT analysis_source, standard_fields FROM lots ORDER BY id")
            ).all()
        assert [(source, json.loads(fields)) for source, fields in rows] == [
            ("standard", ["n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t"]),
            ("measured", []),
        ]
        inspector = sa.inspect(engine)
        added = {"standard_fields", "sampled_fields", "lot_analysed_on"}
        assert added <= {c["name"] for c in inspector.get_columns("deliveries")}
        command.downgrade(config, "0014")
        inspector = sa.inspect(engine)
        for table in ("lots", "deliveries"):
            assert not added & {c["name"] for c in inspector.get_columns(table)}
    finally:
        engine.dispose()
