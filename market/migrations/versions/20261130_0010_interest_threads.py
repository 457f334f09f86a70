"""Interest between farms: threads about a listing, their messages and deal offers; the price
a farmer asks or offers on a lot or request, and the price agreed on a deal's proposal.

Frozen like 0001: plain column definitions, no imports from the app. SQLite alters a table
by copying it (batch mode), so the new CHECK constraints are added there.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRICED = ("lots", "requests", "proposals")
OFFER_STATUSES = ("open", "agreed", "declined", "superseded")
THREADS, MESSAGES, OFFERS = "interest_threads", "interest_messages", "deal_offers"


def upgrade() -> None:
    for table in PRICED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("price_eur_per_t", sa.Double(), nullable=True))
            batch.create_check_constraint(
                op.f(f"ck_{table}_price_eur_per_t_nonneg"), "price_eur_per_t >= 0"
            )
    threads()
    messages()
    offers()


def fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def created(table: str, *columns: str) -> None:
    """The table's indexes, named by the convention."""
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def threads() -> None:
    op.create_table(
        THREADS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("owner_farm_id", sa.Integer(), nullable=False),
        sa.Column("farm_id", sa.Integer(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(lot_id IS NULL AND request_id IS NOT NULL)"
            " OR (lot_id IS NOT NULL AND request_id IS NULL)",
            name=op.f(f"ck_{THREADS}_lot_xor_request"),
        ),
        sa.CheckConstraint("owner_farm_id <> farm_id", name=op.f(f"ck_{THREADS}_two_farms")),
        fk(THREADS, "lot_id", "lots"),
        fk(THREADS, "request_id", "requests"),
        sa.ForeignKeyConstraint(
            ["owner_farm_id"], ["farms.id"], name=op.f(f"fk_{THREADS}_owner_farm_id_farms")
        ),
        fk(THREADS, "farm_id", "farms"),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["users.id"],
            name=op.f(f"fk_{THREADS}_started_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{THREADS}")),
    )
    created(THREADS, "lot_id", "request_id", "owner_farm_id", "farm_id", "last_at")


def messages() -> None:
    op.create_table(
        MESSAGES,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("farm_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        fk(MESSAGES, "thread_id", THREADS, "CASCADE"),
        fk(MESSAGES, "farm_id", "farms"),
        fk(MESSAGES, "user_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{MESSAGES}")),
    )
    created(MESSAGES, "thread_id")


def offers() -> None:
    quoted = ", ".join(f"'{value}'" for value in OFFER_STATUSES)
    op.create_table(
        OFFERS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("farm_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("tonnes", sa.Double(), nullable=False),
        sa.Column("price_eur_per_t", sa.Double(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("tonnes >= 0", name=op.f(f"ck_{OFFERS}_tonnes_nonneg")),
        sa.CheckConstraint(
            "price_eur_per_t >= 0", name=op.f(f"ck_{OFFERS}_price_eur_per_t_nonneg")
        ),
        sa.CheckConstraint(f"status IN ({quoted})", name=op.f(f"ck_{OFFERS}_offer_status")),
        fk(OFFERS, "thread_id", THREADS, "CASCADE"),
        fk(OFFERS, "farm_id", "farms"),
        fk(OFFERS, "user_id", "users", "SET NULL"),
        fk(OFFERS, "lot_id", "lots"),
        fk(OFFERS, "request_id", "requests"),
        fk(OFFERS, "proposal_id", "proposals", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{OFFERS}")),
    )
    created(OFFERS, "thread_id", "proposal_id")


def downgrade() -> None:
    for table in (OFFERS, MESSAGES, THREADS):
        op.drop_table(table)
    for table in reversed(PRICED):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_price_eur_per_t_nonneg"), type_="check")
            batch.drop_column("price_eur_per_t")
