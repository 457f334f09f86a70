"""Migration 0011 gives existing requests the strictest land use and lots no outlet of their
own, refuses unknown land uses, and goes back down (a fresh SQLite file brought to 0010, rows
written as they were then, then 0011 alone)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from market.core.db import alembic_config, engine_for_url

NOW = "2026-11-30 12:00:00+00:00"
FARM = (
    "INSERT INTO farms (id, name, status, approved, lat, lon, province, address, area_ha, "
    "own_manure_status, other_n_kg, other_a_n_kg, created_at) VALUES (1, 'De Hoeve', "
    f"'organic', 1, 52.5, 6.1, 'Overijssel', '', 40, 'organic', 0, 0, '{NOW}')"
)
LOT = (
    "INSERT INTO lots (farm_id, kind, tonnes, n_kg_per_t, p2o5_kg_per_t, k2o_kg_per_t, "
    "analysis_source, origin_status, available_from, status, version, flags, created_at, "
    "updated_at) VALUES (1, 'pig_slurry', 100, 4.0, 1.5, 5.0, 'standard', 'organic', "
    f"'2026-11-01', 'open', 1, '[]', '{NOW}', '{NOW}')"
)
REQUEST = (
    "INSERT INTO requests (farm_id, n_kg, accept_nonorganic, wanted_from, status, version, "
    f"flags, created_at, updated_at) VALUES (1, 3000, 0, '2027-02-16', 'open', 1, '[]', "
    f"'{NOW}', '{NOW}')"
)
COLUMNS = {"lots": "outlet_eur_per_t", "requests": "land_use"}


def columns(engine: sa.Engine, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns(table)}


def test_0011_up_and_down(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    config = alembic_config(url)
    command.upgrade(config, "0010")
    engine = engine_for_url(url)
    try:
        with engine.begin() as connection:
            for row in (FARM, LOT, REQUEST):
                connection.execute(sa.text(row))
        command.upgrade(config, "0011")
        with engine.connect() as connection:
            land_use = connection.scalar(sa.text("SELECT land_use FROM requests"))
            outlet = connection.scalar(sa.text("SELECT outlet_eur_per_t FROM lots"))
        assert (land_use, outlet) == ("arable_sand_loess", None)
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
            connection.execute(sa.text("UPDATE requests SET land_use = 'moon'"))
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
            connection.execute(sa.text("UPDATE lots SET outlet_eur_per_t = -1"))
        command.downgrade(config, "0010")
        assert all(name not in columns(engine, table) for table, name in COLUMNS.items())
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM requests")) == 1
    finally:
        engine.dispose()
