"""Migration 0008 gives existing lots the code of their kind where the kind has exactly one,
and leaves the ambiguous kinds without a code (a fresh SQLite file brought to the revision
before 0008, rows written as they were then, then 0008 alone)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from market.core.db import alembic_config, engine_for_url

EXPECTED = {
    "cattle_slurry": "14",
    "cattle_solid": "10",
    "horse_manure": "25",
    "pig_slurry": None,
    "veal_calf_manure": None,
    "poultry_manure": None,
    "goat_manure": None,
    "champost": "110",
    "digestate": None,
    "green_compost": None,
}
NOW = "2026-11-30 12:00:00+00:00"
FARM = (
    "INSERT INTO farms (id, name, status, approved, lat, lon, province, address, area_ha, "
    "own_manure_status, other_n_kg, other_a_n_kg, created_at) VALUES (1, 'De Hoeve', "
    f"'organic', 1, 52.5, 6.1, 'Overijssel', '', 40, 'organic', 0, 0, '{NOW}')"
)
LOT = (
    "INSERT INTO lots (farm_id, kind, tonnes, n_kg_per_t, p2o5_kg_per_t, k2o_kg_per_t, "
    "analysis_source, origin_status, available_from, status, version, created_at, updated_at) "
    f"VALUES (1, :kind, 100, 4.0, 1.5, 5.0, 'standard', 'organic', '2026-11-01', 'open', 1, "
    f"'{NOW}', '{NOW}')"
)


def test_0008_sets_the_only_code_and_leaves_ambiguous_kinds_null(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    config = alembic_config(url)
    command.upgrade(config, "0008-1")
    engine = engine_for_url(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(FARM))
            for kind in EXPECTED:
                connection.execute(sa.text(LOT), {"kind": kind})
        command.upgrade(config, "0008")
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT kind, manure_code, manure_mix FROM lots"))
            found = {kind: (code, mix) for kind, code, mix in rows}
        assert found == {kind: (code, None) for kind, code in EXPECTED.items()}
        command.downgrade(config, "0008-1")
        assert "manure_code" not in {c["name"] for c in sa.inspect(engine).get_columns("lots")}
    finally:
        engine.dispose()
