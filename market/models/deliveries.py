"""The delivery ledger: what actually moved, with the papers that travelled with it (R11).

A delivery keeps its own copy of the classification (category, A-fraction, organic manure,
animal fraction) as decided on the day, so the year's R5 flags and A-share figures do not
change when a lot is edited later. Weighed tonnes and sampled contents come from the rVDM;
the carrier, the vehicle (kenteken), the lab and its sample number and the dry matter are
what the declaration of origin names besides (R11). The market numbers a declaration per
calendar year without gaps ("VVH-<year>-<serial>", the declarations' `PaperCounter`), so an
inspector reading the register finds none missing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from market.models.base import Base, at_least_zero, between, one_of, utcnow
from market.models.enums import CATEGORIES, LOT_KINDS
from market.models.listings import N_KG_PER_T_MAX

if TYPE_CHECKING:
    from market.models.farms import Farm
    from market.models.listings import Lot
    from market.models.runs import Proposal


class Delivery(Base):
    """One weighed delivery (afleveringsbewijs) from a supplier farm to a receiver farm."""

    __tablename__ = "deliveries"
    __table_args__ = (
        one_of("kind", LOT_KINDS, "delivery_kind"),
        one_of("category", CATEGORIES, "delivery_category"),
        between("a_fraction", 0, 1),
        between("animal_fraction", 0, 1),
        between("n_kg_per_t", 0, N_KG_PER_T_MAX),
        between("dry_matter_pct", 0, 100),
        *at_least_zero("weighed_tonnes", "p2o5_kg_per_t", "k2o_kg_per_t"),
        CheckConstraint("supplier_farm_id <> receiver_farm_id", name="different_farms"),
        UniqueConstraint("declaration_year", "declaration_serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"), index=True)
    supplier_farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    receiver_farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    #: The lot's manure code and digestate mix on the day (see `Lot`), for the VDM.
    manure_code: Mapped[str | None] = mapped_column(String(8))
    manure_mix: Mapped[dict[str, Any] | None]
    category: Mapped[str] = mapped_column(String(3))
    a_fraction: Mapped[float]
    organic_manure: Mapped[bool]
    animal_fraction: Mapped[float]
    delivered_on: Mapped[date] = mapped_column(index=True)
    weighed_tonnes: Mapped[float]
    #: Booked outside the proposal's delivery window (the legal spreading period it was made
    #: for): the receiver confirmed storing the manure until spreading is allowed (RULES.md,
    #: spreading calendar; opslag tot uitrijden mag).
    stored_until_spreading: Mapped[bool] = mapped_column(default=False, server_default=false())
    n_kg_per_t: Mapped[float]
    p2o5_kg_per_t: Mapped[float] = mapped_column(default=0.0)
    k2o_kg_per_t: Mapped[float] = mapped_column(default=0.0)
    #: The contents (`CONTENT_FIELDS`) that are standard figures (`market.core.reference`),
    #: the others a lab's (the delivery's sample or the lot's analysis); None for deliveries
    #: booked before this was recorded (migration 0015).
    standard_fields: Mapped[list[str] | None]
    #: The contents the weighing's own sample gave (the others of the lab's are the lot's
    #: analysis of `lot_analysed_on`); None for deliveries from before migration 0015.
    sampled_fields: Mapped[list[str] | None]
    #: The date of the lot's analysis whose figures the delivery copied (None: it copied
    #: none, or the lot's analysis had no date).
    lot_analysed_on: Mapped[date | None]
    sample_analysis_ref: Mapped[str | None] = mapped_column(String(100))
    transport_document_no: Mapped[str | None] = mapped_column(String(100))
    intermediary_name: Mapped[str | None] = mapped_column(String(200))
    declaration_of_origin_no: Mapped[str | None] = mapped_column(String(100))
    #: The declaration's place in the market's register: the year of `delivered_on` and the
    #: serial in it, unique together; None when the market numbered none (no animal manure:
    #: `declaration_of_origin_no` is then what the weighing gave, if anything).
    declaration_year: Mapped[int | None]
    declaration_serial: Mapped[int | None]
    #: What the declaration prints from outside this row, as it stood when numbered (JSON of
    #: `market.deliveries.services.declaration_paper.kept_paper`: the farms, the code's
    #: names, the manure share, the intermediary, the delivery window); set once, never
    #: changed, so every print of the number reads the same. None without a declaration.
    declaration_paper: Mapped[dict[str, Any] | None]
    carrier: Mapped[str | None] = mapped_column(String(200))
    vehicle: Mapped[str | None] = mapped_column(String(15))
    lab: Mapped[str | None] = mapped_column(String(200))
    sample_number: Mapped[str | None] = mapped_column(String(100))
    dry_matter_pct: Mapped[float | None]
    #: The one-time token of the form (or the API's Idempotency-Key) that booked it: a second
    #: submission of the same form finds this delivery instead of booking another.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal | None] = relationship()
    lot: Mapped[Lot | None] = relationship()
    supplier: Mapped[Farm] = relationship(foreign_keys=[supplier_farm_id])
    receiver: Mapped[Farm] = relationship(foreign_keys=[receiver_farm_id])

    @validates("declaration_paper")
    def _issued_once(self, _key: str, paper: dict[str, Any] | None) -> dict[str, Any] | None:
        """An issued declaration is never rewritten: a reprint must read as the first print."""
        if self.declaration_paper is not None:
            raise ValueError(f"declaration {self.declaration_of_origin_no} was issued already")
        return paper

    @property
    def farm_ids(self) -> tuple[int, int]:
        """The supplier's and the receiver's farm: the two parties to the delivery."""
        return self.supplier_farm_id, self.receiver_farm_id

    @property
    def n_kg(self) -> float:
        """Total N delivered (kg) at the sampled content."""
        return self.weighed_tonnes * self.n_kg_per_t
