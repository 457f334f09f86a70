"""RVO manure codes (mestcodes) on lots and deliveries, and a digestate's mix of codes.

- `lots.manure_code`, `deliveries.manure_code` (VARCHAR(8), nullable): the code of RVO's
  Tabel 11, the code the VDM carries. Null for kinds without one.
- `lots.manure_mix`, `deliveries.manure_mix` (JSON, nullable): a digestate's manure as on the
  VDM, `{"parts": [{"code", "percent"}], "coproduct_code"}`.

Existing rows get the code of their kind where the kind has exactly one code in Tabel 11
(`ONLY_CODE`, a frozen copy of `matching/data/manure_codes.json` of today). Kinds with several
codes (veal calves 18/19, pig slurry 46/50, poultry 35/39, goats 60/61) stay null: the kind
cannot tell which one, and a guess would put a wrong code on a transport document. Digestate
rows keep no mix (nothing recorded it). Contents stay as stored: a lot's figures are what
was offered and matched, and a new standard table applies when the lot is saved again.

Frozen like 0001: plain values, no imports from the app. SQLite adds columns in batch mode.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("lots", "deliveries")
#: The kinds with exactly one code in Tabel 11 (2025/2026), and that code.
ONLY_CODE = {
    "cattle_slurry": "14",
    "cattle_solid": "10",
    "horse_manure": "25",
    "pig_solid": "40",
    "sheep_manure": "56",
    "champost": "110",
}


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("manure_code", sa.String(8), nullable=True))
            batch.add_column(sa.Column("manure_mix", sa.JSON(), nullable=True))
        rows = sa.table(
            table, sa.column("kind", sa.String()), sa.column("manure_code", sa.String())
        )
        for kind, code in ONLY_CODE.items():
            op.execute(rows.update().where(rows.c.kind == kind).values(manure_code=code))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("manure_mix")
            batch.drop_column("manure_code")
