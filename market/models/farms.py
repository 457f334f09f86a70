"""Farms (bedrijven) with what R1-R9 need: land, natural land, animals, certification."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from market.models.base import Base, at_least_zero, between, coordinates, state_enum, utcnow
from market.models.enums import FarmStatus
from matching.rules.plausibility import farm_flags, parcel_flags

if TYPE_CHECKING:
    from market.models.listings import Lot, Request
    from market.models.users import User


class Farm(Base):
    """A farm and its manure accounts for the current year.

    `measured_own_manure_n_kg`, when set, replaces the production computed from livestock and
    excretion norms (R4). `other_n_kg` is N from other fertilisers, `other_a_n_kg` its A part.
    `a_share_min_exemption` is a Skal exemption (R8) replacing the policy minimum until
    `a_share_exemption_valid_until`. `rvo_relation_number` (relatienummer, 9 digits) and
    `kvk_number` (Chamber of Commerce, 8 digits) identify the farm on a declaration of origin
    (R11), next to its Skal number and address.
    """

    __tablename__ = "farms"
    __table_args__ = (
        *coordinates(),
        *at_least_zero(
            "area_ha", "measured_own_manure_n_kg", "other_n_kg", "other_a_n_kg", "p2o5_room_kg"
        ),
        between("a_share_min_exemption", 0, 1),
        CheckConstraint("other_a_n_kg <= other_n_kg", name="other_a_within_other"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    skal_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[FarmStatus] = mapped_column(state_enum(FarmStatus, "farm_status"))
    approved: Mapped[bool] = mapped_column(default=False)
    lat: Mapped[float]
    lon: Mapped[float]
    province: Mapped[str] = mapped_column(String(40), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    rvo_relation_number: Mapped[str | None] = mapped_column(String(9))
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    area_ha: Mapped[float] = mapped_column(default=0.0)
    own_manure_status: Mapped[FarmStatus] = mapped_column(
        state_enum(FarmStatus, "own_manure_status")
    )
    measured_own_manure_n_kg: Mapped[float | None]
    other_n_kg: Mapped[float] = mapped_column(default=0.0)
    other_a_n_kg: Mapped[float] = mapped_column(default=0.0)
    p2o5_room_kg: Mapped[float | None]
    a_share_min_exemption: Mapped[float | None]
    a_share_exemption_valid_until: Mapped[date | None]
    #: `["area_ha"]` when the hectares lie outside the usual farm size and the farmer
    #: confirmed them (`matching.rules.plausibility`); derived whenever the row is written.
    flags: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="farm", passive_deletes=True)
    parcels: Mapped[list[NaturalLandParcel]] = relationship(
        back_populates="farm", cascade="all, delete-orphan", passive_deletes=True
    )
    livestock: Mapped[list[Livestock]] = relationship(
        back_populates="farm", cascade="all, delete-orphan", passive_deletes=True
    )
    lots: Mapped[list[Lot]] = relationship(back_populates="farm")
    requests: Mapped[list[Request]] = relationship(back_populates="farm")

    @property
    def confirm_unusual(self) -> bool:
        """The stored hectares' confirmation (as `Listing.confirm_unusual`)."""
        return bool(self.flags)


class NaturalLandParcel(Base):
    """Natural land (natuurgrond) with its own, usually lower, N limit per hectare (R2)."""

    __tablename__ = "natural_land_parcels"
    __table_args__ = (*at_least_zero("ha", "n_limit_kg_per_ha"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    ha: Mapped[float]
    n_limit_kg_per_ha: Mapped[float]

    farm: Mapped[Farm] = relationship(back_populates="parcels")

    @property
    def flags(self) -> list[str]:
        """`["ha"]` when the hectares lie outside the usual farm size: the farmer confirmed
        them, as a parcel with them is refused without (`NaturalLandInput`)."""
        return parcel_flags(self.ha)


class Livestock(Base):
    """Average head count per animal category; `category` is a key of the excretion norms."""

    __tablename__ = "livestock"
    __table_args__ = (
        *at_least_zero("head_count"),
        UniqueConstraint("farm_id", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(60))
    head_count: Mapped[int]

    farm: Mapped[Farm] = relationship(back_populates="livestock")


@event.listens_for(Farm, "before_insert")
@event.listens_for(Farm, "before_update")
def _farm_flags(mapper: Mapper[Farm], connection: Any, farm: Farm) -> None:
    """The farm's flags from its hectares as they are written."""
    flags = farm_flags(farm.area_ha)
    if farm.flags != flags:
        farm.flags = flags
