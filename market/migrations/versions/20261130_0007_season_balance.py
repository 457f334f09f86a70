"""The season's balance: superseded and cancelled proposals, reasons, one-time delivery keys.

- `proposals.review_status` gains `superseded` (a later run replaced an unreviewed proposal)
  and `cancelled` (its lot or request was withdrawn); the VARCHAR widens to the longest.
- `proposals.review_reason` (a coordinator's reason to reject, or why it was cancelled),
  `supplier_reason` / `receiver_reason` (why a farm declined): free text both parties see.
- `lots.withdrawn_reason`, `requests.withdrawn_reason`: the farmer's reason, shown to the farms
  whose proposals the withdrawal cancelled.
- `deliveries.submission_key` (unique): the form's one-time token or the API's
  Idempotency-Key, so a double-submitted delivery is booked once.

Frozen like 0001: plain values, no imports from the app. SQLite rebuilds tables in batch mode.
Downgrade turns superseded and cancelled proposals into `rejected` ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECK = "ck_proposals_review_status"
OLD = ("proposed", "approved", "rejected", "stale")
NEW = (*OLD, "superseded", "cancelled")
REASONS = ("review_reason", "supplier_reason", "receiver_reason")


def _statuses(values: Sequence[str], before: Sequence[str]) -> None:
    """Replace the CHECK on `review_status` and fit the column to the longest of `values`."""
    quoted = ", ".join(f"'{value}'" for value in values)
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.alter_column(
            "review_status",
            existing_type=sa.String(max(map(len, before))),
            type_=sa.String(max(map(len, values))),
            existing_nullable=False,
        )
        batch.create_check_constraint(op.f(CHECK), f"review_status IN ({quoted})")


def upgrade() -> None:
    _statuses(NEW, OLD)
    with op.batch_alter_table("proposals") as batch:
        for name in REASONS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))
    for table in ("lots", "requests"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("submission_key", sa.String(64), nullable=True))
        batch.create_unique_constraint(op.f("uq_deliveries_submission_key"), ["submission_key"])


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f("uq_deliveries_submission_key"), type_="unique")
        batch.drop_column("submission_key")
    for table in ("lots", "requests"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("withdrawn_reason")
    with op.batch_alter_table("proposals") as batch:
        for name in REASONS:
            batch.drop_column(name)
    proposals = sa.table("proposals", sa.column("review_status", sa.String()))
    op.execute(
        proposals.update()
        .where(proposals.c.review_status.in_(("superseded", "cancelled")))
        .values(review_status="rejected")
    )
    _statuses(OLD, NEW)
