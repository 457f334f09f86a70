"""A price per tonne may be negative: the supplier pays (as slurry usually costs its owner in
the Dutch market). Lots, requests, proposals and deal offers trade their CHECK
`price_eur_per_t >= 0` for `price_eur_per_t BETWEEN -1000 AND 1000` (the schemas' limit,
`market.models.listings.PRICE_EUR_PER_T_MAX`, written out here).

A downgrade restores `>= 0` and fails while a negative price is stored. Frozen like 0001:
plain definitions, no imports from the app; SQLite alters a table by copying it (batch).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRICED = ("lots", "requests", "proposals", "deal_offers")
COLUMN = "price_eur_per_t"
RANGE = f"{COLUMN} BETWEEN -1000 AND 1000"
NONNEGATIVE = f"{COLUMN} >= 0"


def upgrade() -> None:
    for table in PRICED:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{COLUMN}_nonneg"), type_="check")
            batch.create_check_constraint(op.f(f"ck_{table}_{COLUMN}_range"), RANGE)


def downgrade() -> None:
    for table in PRICED:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{COLUMN}_range"), type_="check")
            batch.create_check_constraint(op.f(f"ck_{table}_{COLUMN}_nonneg"), NONNEGATIVE)
