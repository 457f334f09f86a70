"""Lots (aanbod) and requests (vraag): the two sides of the market.

Both carry `version`, incremented on every edit or withdrawal, so a proposal made from an
older version can be recognised as stale, and `status` (open, withdrawn, closed).

Both carry `flags` too: the codes of the figures outside their usual range
(`matching.rules.plausibility`: `n_kg_per_t`, `p2o5_kg_per_t`, `k2o_kg_per_t`, `tonnes` of a
lot, `n_kg` of a request), which the input schemas let through only when the farmer confirms
them. The flags are derived from the stored figures whenever a row is written (the
`before_insert`/`before_update` listeners below), so they cannot drift from the figures,
whoever writes the row. A lot's `kind` flag (animal manure from a farm without those animals,
`KIND_FLAG`) needs the farm's livestock, its origin flag (stated more organic than the farm's
certification, `ORIGIN_FLAG`) the farm's certification, and a request's room flag (more N
than the farm's room left, `ROOM_FLAG`) the farm's accounts, which the row does not hold: the
listings' services set them and the listeners keep them. A coordinator may suspend a listing
(`suspended_at`, with a reason): it stays open but no run is offered it. A run that had to
leave a listing out because the engine refused it (`market.runs.services.admission`) notes
the run and the engine's reason.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

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
from matching.rules.calendar import LAND_USES
from matching.rules.plausibility import (
    CONTENT_FIELDS,
    KIND_FLAG,
    ORIGIN_FLAG,
    ROOM_FLAG,
    confirmed_flags,
    lot_flags,
    request_flags,
)

if TYPE_CHECKING:
    from market.models.farms import Farm

#: kg per tonne of N, P2O5 and K2O: the physical limit (a tonne holds 1,000 kg), as in the
#: engine's `matching.validate_fields.MAX_KG_PER_T`.
N_KG_PER_T_MAX = 1000
#: € per tonne: the ceiling of a lot's own outlet cost, far above any disposal price (some
#: €12-19/t for slurry in 2022, `matching/data/outlet_costs.json`), so a slip is refused.
OUTLET_EUR_PER_T_MAX = 1000
#: € per tonne either way: the ceiling of a price asked, offered or agreed (negative: the
#: supplier pays), far above any farm-gate price of manure (our estimate: organic manure
#: trades at some €0-30/t in 2026, slurry often at a cost to its owner), so a slip is refused.
PRICE_EUR_PER_T_MAX = 1000


def price_range() -> CheckConstraint:
    """CHECK that a price per tonne lies within ±`PRICE_EUR_PER_T_MAX` (NULL passes)."""
    return between("price_eur_per_t", -PRICE_EUR_PER_T_MAX, PRICE_EUR_PER_T_MAX)


#: The land use whose spreading periods are the strictest for every class of kind.
STRICTEST_LAND_USE = "arable_sand_loess"


class Listing:
    """The columns both sides share: the state, the version proposals are made from, and the
    times (UTC). A mixin only: each side keeps its own table and its farm's relationship."""

    status: Mapped[ListingStatus] = mapped_column(
        state_enum(ListingStatus, "listing_status"), default=ListingStatus.OPEN, index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    #: The farmer's reason for withdrawing, shown to the farms whose proposals it cancelled.
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    #: Codes of the figures outside their usual range, confirmed by the farmer, and the
    #: flags the services set: a lot's `kind` and `origin_status`, a request's `n_room`.
    flags: Mapped[list[str]] = mapped_column(default=list)
    #: Set while a coordinator suspends the listing (not offered to runs), with the reason.
    suspended_at: Mapped[datetime | None]
    suspended_reason: Mapped[str | None] = mapped_column(Text)
    #: The price the farmer asks (lot) or offers (request), € per tonne the receiver pays at
    #: the farm gate, transport apart; None: not stated (agreed in a thread, or no price).
    price_eur_per_t: Mapped[float | None]
    #: The last run that left the listing out because the engine refused it, and why.
    left_out_run_id: Mapped[int | None]
    left_out_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def confirm_unusual(self) -> bool:
        """The stored figures' confirmation: a stored figure's flag was confirmed when it was
        saved (the kind's needs none). An edit reads it as the input's `confirm_unusual` (the
        services merge the row into the patch), so changing other fields needs no new
        confirmation."""
        return bool(confirmed_flags(self.flags or []))

    @property
    def suspended(self) -> bool:
        return self.suspended_at is not None


class Lot(Listing, Base):
    """A quantity of one fertiliser kind offered by a farm, with contents and origin.

    Contents are kg per tonne, each from a lab analysis or the standard table
    (`standard_fields`); `analysis_source` is standard when N is the table's. The origin
    fields are the inputs of the engine's `classify_lot` (R7-R10); the category is derived
    from them, never stored by hand.
    An intermediary (mestintermediair) must be Skal-approved and valid on the run date (R11).
    """

    __tablename__ = "lots"
    __table_args__ = (
        one_of("kind", LOT_KINDS, "lot_kind"),
        one_of("made_from", BOKASHI_GRADES, "made_from_grade"),
        *at_least_zero("tonnes", "max_distance_km"),
        price_range(),
        between("n_kg_per_t", 0, N_KG_PER_T_MAX),
        between("p2o5_kg_per_t", 0, N_KG_PER_T_MAX),
        between("k2o_kg_per_t", 0, N_KG_PER_T_MAX),
        between("manure_share", 0, 1),
        between("coproducts_organic_share", 0, 1),
        between("outlet_eur_per_t", 0, OUTLET_EUR_PER_T_MAX),
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
    #: The RVO manure code (mestcode; Tabel 11, the VDM's code) of the kind; None for a kind
    #: without one, and for rows from before codes whose kind has several.
    manure_code: Mapped[str | None] = mapped_column(String(8))
    #: Digestate only: the manure that went in as on the VDM, `{"parts": [{"code": "14",
    #: "percent": 60.0}, ...] (at most four, summing to 100), "coproduct_code": str | None}`.
    manure_mix: Mapped[dict[str, Any] | None]
    tonnes: Mapped[float]
    n_kg_per_t: Mapped[float]
    p2o5_kg_per_t: Mapped[float] = mapped_column(default=0.0)
    k2o_kg_per_t: Mapped[float] = mapped_column(default=0.0)
    analysis_source: Mapped[AnalysisSource] = mapped_column(
        state_enum(AnalysisSource, "analysis_source")
    )
    analysed_on: Mapped[date | None]
    #: The content fields (`CONTENT_FIELDS`) the standard table gave (`market.core.reference`:
    #: RVO's forfaitaire gehalten or WUR/CBGV typical values), the others are the lab's; all
    #: three on standard contents, `[]` also for lots with an analysis from before this was
    #: recorded (migration 0015).
    standard_fields: Mapped[list[str]] = mapped_column(default=list)
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
    #: € per tonne the farmer pays to be rid of the lot elsewhere (its outlet, INSTANCE.md);
    #: None: the run's figure or the kind's default (`matching.rules.outlets`).
    outlet_eur_per_t: Mapped[float | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    intermediary_name: Mapped[str | None] = mapped_column(String(200))
    intermediary_skal_approved: Mapped[bool | None]
    intermediary_valid_until: Mapped[date | None]

    farm: Mapped[Farm] = relationship(back_populates="lots")


class Request(Listing, Base):
    """A farm's demand for N (kg) in a period. `kinds` null accepts any kind; [] none.
    `land_use` is the receiving land (grassland or arable, on sand/loess or clay/peat), which
    with a lot's kind decides when spreading is legal (`matching.rules.calendar`)."""

    __tablename__ = "requests"
    __table_args__ = (
        *at_least_zero("n_kg", "max_distance_km"),
        price_range(),
        one_of("land_use", LAND_USES, "land_use"),
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
    #: Rows written without one (older code paths, test factories) take the strictest land
    #: use, as migration 0011 gave the rows before it; the input schemas require it.
    land_use: Mapped[str] = mapped_column(String(30), default=STRICTEST_LAND_USE)

    farm: Mapped[Farm] = relationship(back_populates="requests")


@event.listens_for(Lot, "before_insert")
@event.listens_for(Lot, "before_update")
def _lot_flags(mapper: Mapper[Lot], connection: Any, lot: Lot) -> None:
    """The lot's flags from its figures as they are written, and its kind's and origin's
    flags as the services set them (assigned only when they differ, so a row without net
    changes gets no UPDATE)."""
    contents = {name: getattr(lot, name) for name in CONTENT_FIELDS}
    kept = [flag for flag in lot.flags or [] if flag in (KIND_FLAG, ORIGIN_FLAG)]
    set_flags(lot, lot_flags(lot.kind, lot.tonnes, contents) + kept)


@event.listens_for(Request, "before_insert")
@event.listens_for(Request, "before_update")
def _request_flags(mapper: Mapper[Request], connection: Any, request: Request) -> None:
    """The request's flags from its kg N as it is written, and its room's flag as the
    services set it (as `_lot_flags` keeps a lot's kind's)."""
    kept = [ROOM_FLAG] if ROOM_FLAG in (request.flags or []) else []
    set_flags(request, request_flags(request.n_kg) + kept)


def set_flags(row: Any, flags: list[str]) -> None:
    """`row.flags = flags` unless they are equal already (a lot, request or farm)."""
    if row.flags != flags:
        row.flags = flags


def replace_flag(row: Any, code: str, flags: list[str]) -> None:
    """`row`'s flag `code` set or cleared as `flags` says (`[code]` or []), its other flags
    as they are: for a flag the services derive from more than the row (`set_flags`)."""
    set_flags(row, [flag for flag in row.flags or [] if flag != code] + flags)
