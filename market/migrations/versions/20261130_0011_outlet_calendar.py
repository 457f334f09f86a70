"""Outlet cost and spreading calendar (issue 11): a lot's own outlet, a request's land use.

- `lots.outlet_eur_per_t` (nullable, >= 0, at most 1,000): what the farmer pays per tonne to
  be rid of the lot elsewhere; NULL: the run's figure or the kind's default
  (`matching.rules.outlets`).
- `requests.land_use` (not null, one of the calendar's land uses): the receiving land, which
  with the lot's kind decides the legal spreading period (`matching.rules.calendar`). Rows
  from before get `arable_sand_loess`, the land use whose periods are the strictest for
  every class of kind, so no run proposes a delivery outside the law until the farmer says
  which land the request is for; new rows must state it (the schema has no default).

Frozen like 0001: plain values, no imports from the app. SQLite rebuilds the tables in batch
mode for the CHECK constraints. Downgrade drops both columns.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LAND_USES = ("grassland_sand_loess", "grassland_clay_peat", "arable_sand_loess", "arable_clay_peat")
EXISTING_LAND_USE = "arable_sand_loess"
MAX_OUTLET_EUR_PER_T = 1000


def upgrade() -> None:
    with op.batch_alter_table("lots") as batch:
        batch.add_column(sa.Column("outlet_eur_per_t", sa.Double(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_lots_outlet_eur_per_t_range"),
            f"outlet_eur_per_t BETWEEN 0 AND {MAX_OUTLET_EUR_PER_T}",
        )
    with op.batch_alter_table("requests") as batch:
        batch.add_column(
            sa.Column(
                "land_use",
                sa.String(length=30),
                nullable=False,
                server_default=EXISTING_LAND_USE,
            )
        )
        quoted = ", ".join(f"'{value}'" for value in LAND_USES)
        batch.create_check_constraint(op.f("ck_requests_land_use"), f"land_use IN ({quoted})")
    with op.batch_alter_table("requests") as batch:
        batch.alter_column("land_use", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.drop_constraint(op.f("ck_requests_land_use"), type_="check")
        batch.drop_column("land_use")
    with op.batch_alter_table("lots") as batch:
        batch.drop_constraint(op.f("ck_lots_outlet_eur_per_t_range"), type_="check")
        batch.drop_column("outlet_eur_per_t")
