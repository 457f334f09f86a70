"""Interest between two farms: a thread about one listing, its messages and deal offers.

A farm that sees another farm's lot or request on the market says "I am interested"; that
opens a thread between the listing's farm (`owner_farm_id`) and the interested farm
(`farm_id`). Only those two farms and the coordinators read it. In the thread either farm
can offer a deal ("X t at €Y/t": one lot of the supplier to one request of the receiver);
when the other farm agrees, the deal becomes a `Proposal` in a run of its own that the
coordinator confirms like any other (`market.interest.services.deals`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.models.base import Base, at_least_zero, state_enum, utcnow
from market.models.enums import OfferStatus
from market.models.listings import price_range

if TYPE_CHECKING:
    from market.models.farms import Farm
    from market.models.listings import Lot, Request
    from market.models.runs import Proposal


class Thread(Base):
    """One conversation about one listing (exactly one of `lot_id`, `request_id`) between
    its farm and one interested farm; `last_at` is when its last message or offer came."""

    __tablename__ = "interest_threads"
    __table_args__ = (
        CheckConstraint(
            "(lot_id IS NULL AND request_id IS NOT NULL)"
            " OR (lot_id IS NOT NULL AND request_id IS NULL)",
            name="lot_xor_request",
        ),
        CheckConstraint("owner_farm_id <> farm_id", name="two_farms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    owner_farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    lot: Mapped[Lot | None] = relationship()
    request: Mapped[Request | None] = relationship()
    owner_farm: Mapped[Farm] = relationship(foreign_keys=[owner_farm_id])
    farm: Mapped[Farm] = relationship(foreign_keys=[farm_id])
    messages: Mapped[list[ThreadMessage]] = relationship(
        back_populates="thread",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ThreadMessage.id",
    )
    offers: Mapped[list[DealOffer]] = relationship(
        back_populates="thread",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="DealOffer.id",
    )

    @property
    def farm_ids(self) -> tuple[int, int]:
        """The listing's farm and the interested farm: the thread's two parties."""
        return self.owner_farm_id, self.farm_id

    def other_farm(self, farm_id: int) -> Farm:
        """The party that is not `farm_id`."""
        return self.farm if farm_id == self.owner_farm_id else self.owner_farm


class ThreadMessage(Base):
    """One plain-text message by a farm (written by `user_id`, kept if the account goes)."""

    __tablename__ = "interest_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("interest_threads.id", ondelete="CASCADE"), index=True
    )
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    thread: Mapped[Thread] = relationship(back_populates="messages")
    farm: Mapped[Farm] = relationship()


class DealOffer(Base):
    """`tonnes` of the supplier's lot to the receiver's request at `price_eur_per_t` (the
    receiver pays, per tonne at the farm gate, transport apart; None: no price named),
    offered by `farm_id`. The other farm agrees (then `proposal_id` is the proposal made)
    or declines; a newer offer in the thread supersedes an open one."""

    __tablename__ = "deal_offers"
    __table_args__ = (*at_least_zero("tonnes"), price_range())

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("interest_threads.id", ondelete="CASCADE"), index=True
    )
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    tonnes: Mapped[float]
    price_eur_per_t: Mapped[float | None]
    status: Mapped[OfferStatus] = mapped_column(
        state_enum(OfferStatus, "offer_status"), default=OfferStatus.OPEN
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    thread: Mapped[Thread] = relationship(back_populates="offers")
    farm: Mapped[Farm] = relationship()
    lot: Mapped[Lot] = relationship()
    request: Mapped[Request] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
