"""Lots (aanbod) and requests (vraag): the two sides of the market.

Both carry `version`, incremented on every edit or withdrawal, so a proposal made from an
older version can be recognised as stale, and `status` (open, withdrawn, closed).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.models.base import (
    Base,
    at_least_zero,
    between,
    coordinates,
    one_of,
    state_enum,
    utcnow,
)
from market.models.enums import (
    BOKASHI_GRADES,
    LOT_KINDS,
    AnalysisSource,
    FarmStatus,
    ListingStatus,
)

if TYPE_CHECKING:
    from market.models.farms import Farm

N_KG_PER_T_MAX = 100


class Listing:
    """The columns both sides share: the state, the version proposals are made from, and the
    times (UTC). A mixin only: each side keeps its own table and its farm's relationship."""

    status: Mapped[ListingStatus] = mapped_column(
        state_enum(ListingStatus, "listing_status"), default=ListingStatus.OPEN, index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Lot(Listing, Base):
    """A quantity of one fertiliser kind offered by a farm, with contents and origin.

    Contents are kg per tonne (from a lab analysis, or the RVO standard table when
    `analysis_source` is standard). The origin fields are the inputs of the engine's
    `classify_lot` (R7-R10); the category is derived from them, never stored by hand.
    An intermediary (mestintermediair) must be Skal-approved and valid on the run date (R11).
    """

    __tablename__ = "lots"
    __table_args__ = (
        one_of("kind", LOT_KINDS, "lot_kind"),
        one_of("made_from", BOKASHI_GRADES, "made_from_grade"),
        *at_least_zero("tonnes", "p2o5_kg_per_t", "k2o_kg_per_t", "max_distance_km"),
        between("n_kg_per_t", 0, N_KG_PER_T_MAX),
        between("manure_share", 0, 1),
        between("coproducts_organic_share", 0, 1),
        *coordinates(),
        CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="lat_lon_together"),
        CheckConstraint(
            "available_until IS NULL OR available_until >= available_from", name="available_order"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    tonnes: Mapped[float]
    n_kg_per_t: Mapped[float]
    p2o5_kg_per_t: Mapped[float] = mapped_column(default=0.0)
    k2o_kg_per_t: Mapped[float] = mapped_column(default=0.0)
    analysis_source: Mapped[AnalysisSource] = mapped_column(
        state_enum(AnalysisSource, "analysis_source")
    )
    analysed_on: Mapped[date | None]
    origin_status: Mapped[FarmStatus] = mapped_column(state_enum(FarmStatus, "origin_status"))
    husbandry_ok: Mapped[bool | None]
    direct_from_organic_farm: Mapped[bool | None]
    manure_share: Mapped[float | None]
    manure_organic: Mapped[bool | None]
    coproducts_annex_ii: Mapped[bool | None]
    coproducts_organic_share: Mapped[float | None]
    made_from: Mapped[str | None] = mapped_column(String(1))
    skal_input_list: Mapped[bool | None]
    available_from: Mapped[date]
    available_until: Mapped[date | None]
    max_distance_km: Mapped[float | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    intermediary_name: Mapped[str | None] = mapped_column(String(200))
    intermediary_skal_approved: Mapped[bool | None]
    intermediary_valid_until: Mapped[date | None]

    farm: Mapped[Farm] = relationship(back_populates="lots")


class Request(Listing, Base):
    """A farm's demand for N (kg) in a period. `kinds` null accepts any kind; [] none."""

    __tablename__ = "requests"
    __table_args__ = (
        *at_least_zero("n_kg", "max_distance_km"),
        CheckConstraint("wanted_until IS NULL OR wanted_until >= wanted_from", name="wanted_order"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    n_kg: Mapped[float]
    kinds: Mapped[list[str] | None]
    accept_nonorganic: Mapped[bool] = mapped_column(default=False)
    max_distance_km: Mapped[float | None]
    wanted_from: Mapped[date]
    wanted_until: Mapped[date | None]

    farm: Mapped[Farm] = relationship(back_populates="requests")
