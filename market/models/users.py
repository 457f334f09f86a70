"""Accounts: farmers (linked to their farm) and coordinators."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.models.base import Base, state_enum, utcnow
from market.models.enums import Role

if TYPE_CHECKING:
    from market.models.farms import Farm


class User(Base):
    """One login. A farmer belongs to at most one farm; a coordinator usually to none."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(state_enum(Role, "user_role"))
    farm_id: Mapped[int | None] = mapped_column(
        ForeignKey("farms.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str] = mapped_column(String(8), default="nl")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the owner proved the address (the sign-up link, or a password reset); None until
    #: then, and such an account cannot log in. Accounts made another way start confirmed.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(default=utcnow)

    farm: Mapped[Farm | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:
        """Flask-Login's name for `active`; disabled accounts cannot log in."""
        return self.active


class UserSession(Base):
    """One browser's log-in, so the server can end it: the signed session cookie names its
    random `id`, and a cookie whose row is gone (log-out, password reset, a coordinator)
    logs nobody in, however long the browser kept it."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
