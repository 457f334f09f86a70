"""Match runs and what they produce; the columns are fixed in docs/architecture.md.

The web app creates a queued `MatchRun`; the worker claims it, freezes the instance document
in `input_snapshot`, solves it in `RunComponent`s, and writes `Proposal`s (one per flow) and
`RunExplanation`s (why a lot was left or a request unmet) in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.models.base import Base, at_least_zero, state_enum, utcnow
from market.models.enums import (
    ComponentStatus,
    FarmerResponse,
    ReviewStatus,
    RunPhase,
    RunStatus,
)
from market.models.listings import price_range

if TYPE_CHECKING:
    from market.models.listings import Lot, Request


#: The `solver` of a run that records a deal two farms agreed (`market.interest`), not a solve.
DEAL_SOLVER = "deal"


class MatchRun(Base):
    """One optimisation; its row, not the broker, is the truth about its progress."""

    __tablename__ = "match_runs"
    __table_args__ = (*at_least_zero("gap", "components_total", "components_done", "attempts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[RunStatus] = mapped_column(
        state_enum(RunStatus, "run_status"), default=RunStatus.QUEUED, index=True
    )
    phase: Mapped[RunPhase] = mapped_column(
        state_enum(RunPhase, "run_phase"), default=RunPhase.QUEUED
    )
    scope: Mapped[dict[str, Any]]
    params: Mapped[dict[str, Any]]
    solver: Mapped[str] = mapped_column(String(20))
    gap: Mapped[float]
    time_limit_s: Mapped[float | None]
    input_snapshot: Mapped[dict[str, Any] | None]
    #: What the run left out before solving (`market.runs.services.admission`): `[{"item":
    #: "lots" | "requests" | "farms", "id": "L12", "reasons": [str]}]`; None before the snapshot.
    left_out: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    stats: Mapped[dict[str, Any] | None]
    objective_eur: Mapped[float | None]
    bound_eur: Mapped[float | None]
    error_text: Mapped[str | None] = mapped_column(Text)
    components_total: Mapped[int] = mapped_column(default=0)
    components_done: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    components: Mapped[list[RunComponent]] = relationship(
        back_populates="run",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RunComponent.index",
    )
    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )
    explanations: Mapped[list[RunExplanation]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class RunComponent(Base):
    """An independent part of a run's instance (farms that can trade with each other)."""

    __tablename__ = "run_components"
    __table_args__ = (UniqueConstraint("run_id", "index"), *at_least_zero("farm_count"))

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    index: Mapped[int]
    farm_count: Mapped[int]
    status: Mapped[ComponentStatus] = mapped_column(
        state_enum(ComponentStatus, "component_status"), default=ComponentStatus.PENDING
    )
    instance: Mapped[dict[str, Any]] = mapped_column(JSON)
    solution: Mapped[dict[str, Any] | None]
    solved_at: Mapped[datetime | None]

    run: Mapped[MatchRun] = relationship(back_populates="components")


class Proposal(Base):
    """A proposed delivery: `tonnes` of a lot to a request, with the listing versions seen."""

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("run_id", "lot_id", "request_id"),
        CheckConstraint(
            "delivery_until IS NULL OR delivery_from IS NULL OR delivery_until >= delivery_from",
            name="delivery_order",
        ),
        *at_least_zero(
            "tonnes",
            "n_kg",
            "a_n_kg",
            "animal_n_kg",
            "distance_km",
            "cost_eur",
            "loads",
            "lot_rent_eur_per_t",
        ),
        price_range(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    tonnes: Mapped[float]
    n_kg: Mapped[float]
    a_n_kg: Mapped[float]
    animal_n_kg: Mapped[float]
    distance_km: Mapped[float]
    cost_eur: Mapped[float]
    lot_version: Mapped[int]
    request_version: Mapped[int]
    review_status: Mapped[ReviewStatus] = mapped_column(
        state_enum(ReviewStatus, "review_status"), default=ReviewStatus.PROPOSED
    )
    supplier_response: Mapped[FarmerResponse] = mapped_column(
        state_enum(FarmerResponse, "supplier_response"), default=FarmerResponse.PENDING
    )
    receiver_response: Mapped[FarmerResponse] = mapped_column(
        state_enum(FarmerResponse, "receiver_response"), default=FarmerResponse.PENDING
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reviewed_at: Mapped[datetime | None]
    #: € per tonne the two farms agreed in an interest thread (a deal); None for the runs'.
    price_eur_per_t: Mapped[float | None]
    #: The run's terms (INSTANCE.md, 2026-11-30; None where the engine gave none, and on deals):
    #: truck loads (`flows[].loads`); the suggested price (richtprijs) the receiver pays per
    #: tonne, negative when the supplier pays (`flows[].price_eur_per_t`, docs/prices.md), kept
    #: apart from an agreed `price_eur_per_t`; the supplier's gain per tonne at those prices
    #: (`lots[].rent_eur_per_t`); and the days delivery is allowed, inclusive (the overlap of
    #: the lot's and the request's windows and the legal spreading period; `worker.terms`).
    loads: Mapped[int | None]
    suggested_price_eur_per_t: Mapped[float | None]
    lot_rent_eur_per_t: Mapped[float | None]
    delivery_from: Mapped[date | None]
    delivery_until: Mapped[date | None]
    #: Why the coordinator rejected it, or why it was cancelled; both farms see it.
    review_reason: Mapped[str | None] = mapped_column(Text)
    #: Why a farm declined; the other farm and the coordinator see it.
    supplier_reason: Mapped[str | None] = mapped_column(Text)
    receiver_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[MatchRun] = relationship(back_populates="proposals")
    lot: Mapped[Lot] = relationship()
    request: Mapped[Request] = relationship()

    @property
    def farm_ids(self) -> tuple[int, int]:
        """The supplier's and the receiver's farm: the two parties to the proposal."""
        return self.lot.farm_id, self.request.farm_id


class RunExplanation(Base):
    """Why a lot was (partly) left or a request (partly) unmet; exactly one of the two ids."""

    __tablename__ = "run_explanations"
    __table_args__ = (
        CheckConstraint(
            "(lot_id IS NULL AND request_id IS NOT NULL)"
            " OR (lot_id IS NOT NULL AND request_id IS NULL)",
            name="lot_xor_request",
        ),
        *at_least_zero("placed_t", "left_t", "met_n_kg", "unmet_n_kg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    placed_t: Mapped[float | None]
    left_t: Mapped[float | None]
    met_n_kg: Mapped[float | None]
    unmet_n_kg: Mapped[float | None]

    run: Mapped[MatchRun] = relationship(back_populates="explanations")
    lot: Mapped[Lot | None] = relationship()
    request: Mapped[Request | None] = relationship()
