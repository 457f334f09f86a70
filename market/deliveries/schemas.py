"""The deliveries' schemas: what booking a weighed delivery and asking for the yearly overview
take, and what the API answers. One schema per operation, read by the services, the pages,
the API and the OpenAPI document alike.

A delivery's figures are what the scale and the sample said (afleveringsbewijs): the date,
the weighed tonnes (more than 0) and, optionally, the sampled contents in kg per tonne,
bounded like a lot's (0 to 100, the engine's limit); contents left out are the lot's. The
papers (R11) are short references of at most 100 characters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from market.core.schemas import (
    MAX_ID,
    Day,
    Id,
    Output,
    Page,
    Positive,
    Range,
    Schema,
    Text,
    Whole,
    choice,
)
from market.listings.schemas import Category, Contents, Kind

Paper = Annotated[str, Text(100)]
#: The years a yearly overview covers (the ledger keeps five years; older ones are empty).
Year = Annotated[Whole, Range(low=2000, high=2100, whole=True)]
PAPER_FORMATS = ("pdf", "csv")


class Weighing(Schema):
    """What the scale, the sample and the papers say of one delivery: the page's form.

    `intermediary_name` left out is the lot's intermediary; `declaration_of_origin_no` is
    numbered by the market when the batch contains animal manure.
    """

    delivered_on: Day
    weighed_tonnes: Positive
    n_kg_per_t: Contents | None = None
    p2o5_kg_per_t: Contents | None = None
    k2o_kg_per_t: Contents | None = None
    sample_analysis_ref: Paper | None = None
    transport_document_no: Paper | None = None
    intermediary_name: Paper | None = None
    declaration_of_origin_no: Paper | None = None


class DeliveryInput(Weighing):
    """A delivery booked through the API: the weighing, and the agreed proposal it delivers
    (the page names the proposal in its address instead)."""

    proposal_id: Id


class OverviewQuery(Schema):
    """The yearly overview form: a farm (coordinators; a farmer gets their own), a year
    (default: this year) and the paper's format (`as`: pdf or csv)."""

    farm: Annotated[Whole, Range(low=1, high=MAX_ID, whole=True)] | None = None
    year: Year | None = None
    paper: Annotated[str, choice(PAPER_FORMATS)] = Field(default="pdf", alias="as")


class Delivery(Output):
    """A delivery as the API shows it: the lot's classification of the day, the weighed
    figures (t, kg per t, kg N) and the papers' numbers."""

    id: int
    proposal_id: int | None
    lot_id: int | None
    supplier_farm_id: int
    receiver_farm_id: int
    kind: Kind
    category: Category
    a_fraction: float
    organic_manure: bool
    animal_fraction: float
    delivered_on: date
    weighed_tonnes: float
    n_kg_per_t: float
    p2o5_kg_per_t: float
    k2o_kg_per_t: float
    n_kg: float
    sample_analysis_ref: str | None
    transport_document_no: str | None
    intermediary_name: str | None
    declaration_of_origin_no: str | None
    created_at: datetime


class DeliveryPage(Page):
    items: list[Delivery]
