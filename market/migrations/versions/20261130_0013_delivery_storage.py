"""A delivery booked outside its proposal's delivery window says that the receiver stores the
manure until spreading is allowed (`stored_until_spreading`): the weighing confirmed it, and
the delivery page, the declaration of origin and the API show it.

Deliveries booked before this revision get false: until then a delivery outside the window
needed no confirmation (refused since the newcomer's finding of 2026-11-30), so no stored
fact says otherwise. Frozen like 0001: plain column definitions, no imports from the app;
SQLite alters the table by copying it (batch).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "deliveries"
COLUMN = "stored_until_spreading"


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column(COLUMN, sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column(COLUMN)
