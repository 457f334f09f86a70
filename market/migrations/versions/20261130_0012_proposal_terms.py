"""A proposal's terms from the run (issue 11): truck loads, the suggested price (richtprijs)
the receiver pays per tonne (negative: the supplier pays), the supplier's rent per tonne at
those prices, and the days delivery is allowed.

The suggested price is a column of its own, apart from `price_eur_per_t` (the price two farms
agreed on a deal, never negative): a suggestion is not an agreement. Frozen like 0001: plain
column definitions, no imports from the app; SQLite alters the table by copying it (batch).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "proposals"
COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("loads", sa.Integer()),
    ("suggested_price_eur_per_t", sa.Double()),
    ("lot_rent_eur_per_t", sa.Double()),
    ("delivery_from", sa.Date()),
    ("delivery_until", sa.Date()),
)
#: CHECK constraints: name → condition (named by the convention, `ck_proposals_…`).
CHECKS = {
    "loads_nonneg": "loads >= 0",
    "lot_rent_eur_per_t_nonneg": "lot_rent_eur_per_t >= 0",
    "delivery_order": (
        "delivery_until IS NULL OR delivery_from IS NULL OR delivery_until >= delivery_from"
    ),
}


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
        for name, condition in CHECKS.items():
            batch.create_check_constraint(op.f(f"ck_{TABLE}_{name}"), condition)


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        for name in CHECKS:
            batch.drop_constraint(op.f(f"ck_{TABLE}_{name}"), type_="check")
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
