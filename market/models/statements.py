"""Statements of non-availability (verklaringen niet-beschikbaarheid): what the market held
when a receiving farm asked for one.

A farm that needs non-organic manure (B) shows that, at that moment, no organic manure of the
kinds it asked for was within its reach. The statement is numbered and kept as it was issued
(the request's terms and every lot considered, with why it could not serve), so the same
paper can be downloaded again and checked against the record later, whatever the market
holds by then.

Numbers run per calendar year without gaps, so an inspector reading the register sees that
none is missing: the statements' `PaperCounter` holds each year's last serial, taken in the
transaction that inserts the statement (a rolled-back issue gives its serial back).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.models.base import Base, utcnow

if TYPE_CHECKING:
    from market.models.farms import Farm
    from market.models.listings import Request


class Statement(Base):
    """One issued statement of non-availability for a farm's request.

    `number` is the printed one ("VNB-2026-000001"): `year` (of `issued_on`) and `serial`,
    the statement's place in that year's register, unique together; `issued_on` the farms'
    local date it speaks for; `terms` the request and policy figures it was judged by
    (kinds, km limits, road factor, window); `lots` one item per lot considered with its
    reasons (message ids and their parameters), as `market.deliveries.services.statements`
    wrote them.
    """

    __tablename__ = "statements"
    __table_args__ = (UniqueConstraint("year", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int]
    serial: Mapped[int]
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    issued_on: Mapped[date]
    terms: Mapped[dict[str, Any]]
    lots: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    farm: Mapped[Farm] = relationship()
    request: Mapped[Request] = relationship()

    @property
    def farm_ids(self) -> tuple[int]:
        """The one farm the statement is for (its farmers and coordinators see it)."""
        return (self.farm_id,)
