"""Papers an inspector accepts: the farm's RVO relation and KvK numbers, the delivery's
carrier, vehicle, lab, sample number and dry matter, and the numbered statements of
non-availability (verklaringen niet-beschikbaarheid).

Frozen like 0001: plain column definitions, no imports from the app. SQLite alters a table
by copying it (batch mode), so the new CHECK constraint on the deliveries is added there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "statements"
DELIVERY_TEXTS = (
    ("carrier", 200),
    ("vehicle", 15),
    ("lab", 200),
    ("sample_number", 100),
)


def upgrade() -> None:
    with op.batch_alter_table("farms") as batch:
        batch.add_column(sa.Column("rvo_relation_number", sa.String(9), nullable=True))
        batch.add_column(sa.Column("kvk_number", sa.String(8), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        for name, length in DELIVERY_TEXTS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=True))
        batch.add_column(sa.Column("dry_matter_pct", sa.Double(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_deliveries_dry_matter_pct_range"), "dry_matter_pct BETWEEN 0 AND 100"
        )
    statements()


def statements() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(32), nullable=True),
        sa.Column("farm_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("lots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["farm_id"], ["farms.id"], name=op.f(f"fk_{TABLE}_farm_id_farms")),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f(f"fk_{TABLE}_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f(f"fk_{TABLE}_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("number", name=op.f(f"uq_{TABLE}_number")),
    )
    for column in ("farm_id", "request_id", "created_by_id"):
        op.create_index(op.f(f"ix_{TABLE}_{column}"), TABLE, [column])


def downgrade() -> None:
    op.drop_table(TABLE)
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f("ck_deliveries_dry_matter_pct_range"), type_="check")
        batch.drop_column("dry_matter_pct")
        for name, _length in reversed(DELIVERY_TEXTS):
            batch.drop_column(name)
    with op.batch_alter_table("farms") as batch:
        batch.drop_column("kvk_number")
        batch.drop_column("rvo_relation_number")
