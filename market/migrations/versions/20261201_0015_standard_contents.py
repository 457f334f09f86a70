"""Which of a lot's contents come from the RVO standard table (forfaitaire gehalten).

A lot with a lab figure for N and none for P2O5 or K2O was completed from the table but
shown, and delivered, as "lab analysis" throughout. `lots.standard_fields` (JSON list of
content field names, `[]` by default) names the figures the table gave. Lots on standard
contents (`analysis_source = 'standard'`) had all three from the table and get all three;
for lots with an analysis from before, which figures were completed is not recorded, so they
keep `[]` (as they were shown). `deliveries.standard_fields` (JSON list, nullable) is the
same for a delivery's figures, `deliveries.sampled_fields` (JSON list, nullable) the
figures the weighing's sample gave and `deliveries.lot_analysed_on` the date of the lot's
analysis it copied figures from; NULL for deliveries from before, whose sources are unknown
(whether the weighing brought a sample's figures was not recorded).

Frozen like 0001: plain values, no imports from the app.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTENTS = ["n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t"]


def upgrade() -> None:
    with op.batch_alter_table("lots") as batch:
        batch.add_column(
            sa.Column("standard_fields", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("standard_fields", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("sampled_fields", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("lot_analysed_on", sa.Date(), nullable=True))
    lots = sa.table("lots", sa.column("analysis_source"), sa.column("standard_fields", sa.JSON()))
    op.execute(
        lots.update().where(lots.c.analysis_source == "standard").values(standard_fields=CONTENTS)
    )


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        for column in ("standard_fields", "sampled_fields", "lot_analysed_on"):
            batch.drop_column(column)
    with op.batch_alter_table("lots") as batch:
        batch.drop_column("standard_fields")
