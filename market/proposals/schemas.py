"""The proposals' schemas: what the coordinator's verdicts and the farms' answers take, and
what the API answers. One schema per operation, read by the services, the pages, the API and
the OpenAPI document alike.

A proposal's tonnes come from the engine; a coordinator may change them (`AdjustInput`, the
API's PATCH body), and the service rechecks them against the lot, the request, the receiving
farm's N room and A-share. Approving and rejecting (`DecisionInput`) and accepting and
declining (`AnswerInput`) take no figures: the page or the API path says which.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from market.core.schemas import Output, Page, PageQuery, Positive, QueryId, Schema, Text, choice
from market.core.schemas.units import EurOut, KgOut, KmOut, TonnesOut
from market.models import FarmerResponse, ReviewStatus

FarmAnswer = Annotated[str, choice(FarmerResponse)]
MAX_REASON_LENGTH = 1000


class AdjustInput(Schema):
    """The tonnes a coordinator sets for a proposal (more than 0; the lot bounds them, and
    so does the smallest delivery the engine would propose: `services.adjust`, which knows
    the policy)."""

    tonnes: Positive


#: A reason both parties read (a rejection, a decline, a withdrawal): plain text, optional.
Reason = Annotated[str, Text(MAX_REASON_LENGTH, lines=True)]


class DecisionInput(Schema):
    """A coordinator's verdict on one proposal or on all open proposals of a run, with an
    optional reason the farms see (on a rejection)."""

    approve: bool
    reason: Reason | None = None


class AnswerInput(Schema):
    """A farm's answer to an approved proposal: yes (`accept`) or no, with an optional reason
    the other farm and the coordinator see (on a decline)."""

    accept: bool
    reason: Reason | None = None


class ProposalFilters(PageQuery):
    """The API's list of proposals; farmers see their farm's approved ones whatever is asked."""

    run_id: QueryId | None = Field(default=None, description="Coordinators: one run only.")
    review_status: Annotated[str, choice(ReviewStatus)] | None = Field(
        default=None, description="Coordinators: only proposals in this state."
    )


SUGGESTED_PRICE = (
    "Suggested price (richtprijs) in EUR per tonne that the receiver pays the supplier; negative:"
    " the supplier pays. The price at which neither farm could do better with another partner"
    " in the run, the supplier paying the transport and saving its disposal cost"
    " (docs/prices.md). Null when the run gave none."
)
DELIVERY = "First and last day delivery is allowed (inclusive); null: not limited on that side."


class Proposal(Output):
    """A proposal as the API shows it: the engine's figures (t, kg, km, EUR), the review, both
    farms' answers, `stale` when the lot or request has changed since the run, and the run's
    terms: truck loads, the suggested price and the days delivery is allowed."""

    id: int
    run_id: int
    lot_id: int
    request_id: int
    supplier_farm_id: int
    receiver_farm_id: int
    tonnes: TonnesOut
    n_kg: KgOut
    a_n_kg: KgOut
    animal_n_kg: KgOut
    distance_km: KmOut
    cost_eur: EurOut
    loads: int | None = Field(description="Truck loads; null when the run did not count loads.")
    suggested_price_eur_per_t: EurOut | None = Field(description=SUGGESTED_PRICE)
    delivery_from: date | None = Field(description=DELIVERY)
    delivery_until: date | None = Field(description=DELIVERY)
    lot_version: int
    request_version: int
    review_status: Annotated[str, choice(ReviewStatus)]
    supplier_response: FarmAnswer
    receiver_response: FarmAnswer
    reviewed_by_id: int | None
    reviewed_at: datetime | None
    review_reason: str | None
    supplier_reason: str | None
    receiver_reason: str | None
    stale: bool
    created_at: datetime


class ProposalPage(Page):
    items: list[Proposal]
