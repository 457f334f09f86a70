"""Run status `no_solution`: the solver stopped (its time limit) without a feasible solution.

Frozen like 0001: plain values, no imports from the app. The status column is a VARCHAR
with a CHECK (non-native enum, `market.models.base.state_enum`); the new value is one
character longer than the longest old one, so the column widens too. SQLite rebuilds the
table in batch mode (its CHECK constraints are part of the table's SQL).
Downgrade turns such runs into `failed` runs with a text that says why.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "match_runs"
CHECK = "ck_match_runs_run_status"
OLD = ("queued", "running", "solved", "infeasible", "failed")
NEW = (*OLD, "no_solution")
DOWNGRADED_TEXT = "no feasible solution within the time limit"


def _statuses(values: Sequence[str], before: Sequence[str]) -> None:
    """Replace the CHECK on `status` and fit the column to the longest of `values`."""
    quoted = ", ".join(f"'{value}'" for value in values)
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.alter_column(
            "status",
            existing_type=sa.String(max(map(len, before))),
            type_=sa.String(max(map(len, values))),
            existing_nullable=False,
        )
        batch.create_check_constraint(op.f(CHECK), f"status IN ({quoted})")


def upgrade() -> None:
    _statuses(NEW, OLD)


def downgrade() -> None:
    runs = sa.table(TABLE, sa.column("status", sa.String()), sa.column("error_text", sa.Text()))
    op.execute(
        runs.update()
        .where(runs.c.status == "no_solution")
        .values(status="failed", error_text=sa.func.coalesce(runs.c.error_text, DOWNGRADED_TEXT))
    )
    _statuses(OLD, NEW)
