"""API tokens (stored hashed), idempotency keys of creating POSTs, and the audit log.

Frozen like 0001: plain column definitions, no imports from the app.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


Items = list[sa.Column | sa.Constraint]


def _id(table: str) -> Items:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _user_fk(table: str, column: str, ondelete: str, nullable: bool = False) -> Items:
    return [
        sa.Column(column, sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(
            [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
        ),
    ]


def _stamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    t = "api_tokens"
    op.create_table(
        t,
        *_id(t),
        *_user_fk(t, "user_id", "CASCADE"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("scope", sa.String(5), nullable=False),
        _stamp("created_at"),
        _stamp("last_used_at", True),
        _stamp("revoked_at", True),
        sa.CheckConstraint("scope IN ('read', 'write')", name=op.f(f"ck_{t}_token_scope")),
        sa.UniqueConstraint("token_hash", name=op.f(f"uq_{t}_token_hash")),
    )
    op.create_index(op.f(f"ix_{t}_user_id"), t, ["user_id"])
    t = "idempotency_keys"
    op.create_table(
        t,
        *_id(t),
        *_user_fk(t, "user_id", "CASCADE"),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(300), nullable=True),
        _stamp("created_at"),
        sa.UniqueConstraint("user_id", "key", name=op.f(f"uq_{t}_user_id_key")),
    )
    op.create_index(op.f(f"ix_{t}_user_id"), t, ["user_id"])
    t = "audit_log"
    op.create_table(
        t,
        *_id(t),
        *_user_fk(t, "actor_id", "SET NULL", nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target_type", sa.String(40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _stamp("created_at"),
    )
    for column in ("actor_id", "action", "created_at"):
        op.create_index(op.f(f"ix_{t}_{column}"), t, [column])


def downgrade() -> None:
    for name in ("audit_log", "idempotency_keys", "api_tokens"):
        op.drop_table(name)
