"""Plausibility as data, one set of limits: flags, suspension, runs that leave listings out.

- Contents per tonne get the physical limit: `n_kg_per_t`, `p2o5_kg_per_t` and `k2o_kg_per_t`
  of a lot BETWEEN 0 AND 1000 (a tonne holds 1,000 kg; feather meal at 120 and hair meal at
  145 kg N/t were refused by the old 0-100), and a delivery's `n_kg_per_t` the same.
- `flags` (JSON list of codes, `[]` by default) on lots, requests and farms: the figures
  outside their usual range that the farmer confirmed (`matching.rules.plausibility`). Rows
  from before start without flags; the app derives them when a row is next written.
- `suspended_at`, `suspended_reason` on lots and requests: a coordinator's suspension.
- `left_out_run_id`, `left_out_reason` on lots and requests, `match_runs.left_out` (JSON): a
  listing the engine refused is left out of a run, with the engine's reason.

Frozen like 0001: plain values, no imports from the app. SQLite rebuilds tables in batch
mode (its CHECK constraints are part of the table's SQL). Downgrade clamps contents above
the old limits (N to 100, P2O5 and K2O kept, as before they were only >= 0).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIMIT = 1000
OLD_N_LIMIT = 100
CONTENTS = ("p2o5_kg_per_t", "k2o_kg_per_t")
LISTINGS = ("lots", "requests")


def _flags() -> sa.Column:
    return sa.Column("flags", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))


def _n_range(batch: BatchOperations, table: str, high: int) -> None:
    """Replace the CHECK on `n_kg_per_t` of `table` by one with `high` as its limit."""
    name = op.f(f"ck_{table}_n_kg_per_t_range")
    batch.drop_constraint(name, type_="check")
    batch.create_check_constraint(name, f"n_kg_per_t BETWEEN 0 AND {high}")


def upgrade() -> None:
    with op.batch_alter_table("lots") as batch:
        _n_range(batch, "lots", LIMIT)
        for name in CONTENTS:
            batch.drop_constraint(op.f(f"ck_lots_{name}_nonneg"), type_="check")
            batch.create_check_constraint(
                op.f(f"ck_lots_{name}_range"), f"{name} BETWEEN 0 AND {LIMIT}"
            )
    for table in LISTINGS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(_flags())
            batch.add_column(sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column("suspended_reason", sa.Text(), nullable=True))
            batch.add_column(sa.Column("left_out_run_id", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("left_out_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("farms") as batch:
        batch.add_column(_flags())
    with op.batch_alter_table("match_runs") as batch:
        batch.add_column(sa.Column("left_out", sa.JSON(), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        _n_range(batch, "deliveries", LIMIT)


def downgrade() -> None:
    for table in ("lots", "deliveries"):
        rows = sa.table(table, sa.column("n_kg_per_t", sa.Float()))
        op.execute(
            rows.update().where(rows.c.n_kg_per_t > OLD_N_LIMIT).values(n_kg_per_t=OLD_N_LIMIT)
        )
    with op.batch_alter_table("deliveries") as batch:
        _n_range(batch, "deliveries", OLD_N_LIMIT)
    with op.batch_alter_table("match_runs") as batch:
        batch.drop_column("left_out")
    with op.batch_alter_table("farms") as batch:
        batch.drop_column("flags")
    for table in LISTINGS:
        with op.batch_alter_table(table) as batch:
            for name in ("left_out_reason", "left_out_run_id", "suspended_reason", "suspended_at"):
                batch.drop_column(name)
            batch.drop_column("flags")
    with op.batch_alter_table("lots") as batch:
        for name in CONTENTS:
            batch.drop_constraint(op.f(f"ck_lots_{name}_range"), type_="check")
            batch.create_check_constraint(op.f(f"ck_lots_{name}_nonneg"), f"{name} >= 0")
        _n_range(batch, "lots", OLD_N_LIMIT)
