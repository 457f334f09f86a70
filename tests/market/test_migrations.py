"""The one migration builds the same schema on SQLite and PostgreSQL, equal to the models."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from market.core.db import alembic_config, engine_for_url
from market.models import Base

TYPE_LABELS: tuple[tuple[type[sa.types.TypeEngine[Any]], str], ...] = (
    (sa.Boolean, "boolean"),
    (sa.Integer, "integer"),
    (sa.Float, "float"),
    (sa.DateTime, "datetime"),
    (sa.Date, "date"),
    (sa.JSON, "json"),
    (sa.Text, "text"),
)


def type_label(type_: sa.types.TypeEngine[Any]) -> str:
    """The backend-neutral kind of a reflected column type (VARCHAR keeps its length)."""
    for generic, label in TYPE_LABELS:
        if isinstance(type_, generic):
            return label
    assert isinstance(type_, sa.String), f"unexpected column type {type_!r}"
    return f"string({type_.length})"


def describe(engine: Engine) -> dict[str, dict[str, Any]]:
    """Everything the inspector sees, normalised so both backends can be compared."""
    inspector = inspect(engine)
    return {name: _describe_table(inspector, name) for name in inspector.get_table_names()}


def _describe_table(inspector: sa.Inspector, table: str) -> dict[str, Any]:
    return {
        "columns": sorted(
            (c["name"], type_label(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
        ),
        "pk": inspector.get_pk_constraint(table)["constrained_columns"],
        "fks": sorted(
            (
                fk["name"],
                tuple(fk["constrained_columns"]),
                fk["referred_table"],
                tuple(fk["referred_columns"]),
                (fk["options"].get("ondelete") or "").upper(),
            )
            for fk in inspector.get_foreign_keys(table)
        ),
        "uniques": sorted(
            (u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)
        ),
        "checks": sorted(c["name"] for c in inspector.get_check_constraints(table)),
        "indexes": sorted(
            (i["name"], tuple(i["column_names"]), bool(i["unique"]))
            for i in inspector.get_indexes(table)
            if not i.get("duplicates_constraint")
        ),
    }


def model_diff(url: str) -> list[Any]:
    engine = engine_for_url(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def test_sqlite_migration_matches_the_models(sqlite_url: str) -> None:
    assert model_diff(sqlite_url) == []


@pytest.mark.integration
def test_postgresql_migration_matches_the_models(pg_url: str) -> None:
    assert model_diff(pg_url) == []


@pytest.mark.integration
def test_sqlite_and_postgresql_get_the_same_schema(sqlite_url: str, pg_engine: Engine) -> None:
    lite = engine_for_url(sqlite_url)
    try:
        sqlite_schema = describe(lite)
    finally:
        lite.dispose()
    assert describe(pg_engine) == sqlite_schema


def test_the_schema_has_every_table_and_named_constraints(sqlite_url: str) -> None:
    engine = engine_for_url(sqlite_url)
    schema = describe(engine)
    engine.dispose()
    assert set(schema) == set(Base.metadata.tables) | {"alembic_version"}
    lots = schema["lots"]
    assert {"ck_lots_n_kg_per_t_range", "ck_lots_lot_kind", "ck_lots_lat_range"} <= set(
        lots["checks"]
    )
    assert ("ix_lots_farm_id", ("farm_id",), False) in lots["indexes"]
    assert ("uq_proposals_run_id_lot_id_request_id", ("run_id", "lot_id", "request_id")) in (
        schema["proposals"]["uniques"]
    )


def test_downgrade_removes_every_table(sqlite_url: str) -> None:
    command.downgrade(alembic_config(sqlite_url), "base")
    engine = engine_for_url(sqlite_url)
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()


def test_migration_equals_create_all_of_the_models(sqlite_url: str, tmp_path: Any) -> None:
    """Stricter than autogenerate: also CHECK constraint names, index and FK names."""
    direct = engine_for_url(f"sqlite:///{tmp_path / 'direct.sqlite3'}")
    migrated = engine_for_url(sqlite_url)
    Base.metadata.create_all(direct)
    try:
        expected = describe(direct)
        actual = describe(migrated)
    finally:
        direct.dispose()
        migrated.dispose()
    actual.pop("alembic_version")
    assert actual == expected


def run_statuses_accepted(engine: Engine) -> dict[str, bool]:
    """Which statuses the migrated CHECK on match_runs.status lets through (rolled back)."""
    accepted = {}
    for status in ("solved", "no_solution", "unknown"):
        with engine.connect() as conn, conn.begin() as outer:
            try:
                conn.execute(
                    sa.text(
                        "INSERT INTO match_runs (status, phase, scope, params, solver, gap,"
                        " components_total, components_done, attempts, created_at) VALUES"
                        " (:status, 'done', '{}', '{}', 'highs', 0.0001, 0, 0, 0,"
                        " CURRENT_TIMESTAMP)"
                    ),
                    {"status": status},
                )
                accepted[status] = True
            except sa.exc.IntegrityError:
                accepted[status] = False
            outer.rollback()
    return accepted


def test_sqlite_accepts_the_no_solution_status_and_downgrades_it(sqlite_url: str) -> None:
    """0003: the new status passes the CHECK; downgrading makes such runs failed runs."""
    engine = engine_for_url(sqlite_url)
    try:
        expected = {"solved": True, "no_solution": True, "unknown": False}
        assert run_statuses_accepted(engine) == expected
        command.downgrade(alembic_config(sqlite_url), "0002")
        assert run_statuses_accepted(engine)["no_solution"] is False
        command.upgrade(alembic_config(sqlite_url), "head")
        assert run_statuses_accepted(engine) == expected
    finally:
        engine.dispose()


@pytest.mark.integration
def test_postgresql_accepts_the_no_solution_status(pg_engine: Engine) -> None:
    assert run_statuses_accepted(pg_engine) == {
        "solved": True,
        "no_solution": True,
        "unknown": False,
    }
