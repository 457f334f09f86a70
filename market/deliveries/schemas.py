"""The deliveries' schemas: what booking a weighed delivery and asking for the yearly overview
take, and what the API answers. One schema per operation, read by the services, the pages,
the API and the OpenAPI document alike.

A delivery's figures are what the scale and the sample said (afleveringsbewijs): the date,
the weighed tonnes (at least one scale interval of a weighbridge, `MIN_WEIGHED_TONNES`)
and, optionally, the sampled contents in kg per tonne, bounded like a lot's (0 to 100, the
engine's limit); contents left out are the lot's. The
papers (R11) are short references of at most 100 characters; the carrier and the lab are
names of at most 200, the vehicle a registration plate (kenteken, Dutch or foreign) of at
most 15 letters, digits, blanks and dashes, written in capitals; dry matter a percentage.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from market.core.schemas import (
    MAX_ID,
    Day,
    Filters,
    Id,
    Number,
    Output,
    Page,
    QueryWhole,
    Range,
    Schema,
    Text,
    Whole,
    choice,
    refuse,
)
from market.core.schemas.ceilings import Tonnes
from market.core.schemas.units import ContentsOut, KgOut, KmOut, TonnesOut
from market.listings.outputs import ManureMixOut
from market.listings.schemas import Category, Contents, Kind
from matching.rules.plausibility import CONTENT_FIELDS

Paper = Annotated[str, Text(100)]
Name = Annotated[str, Text(200)]
#: A registration plate: letters, digits, blanks and dashes ("BX-123-Z", "BOR-AB 1234").
PLATE = re.compile(r"[A-Z0-9][A-Z0-9 \-]*")
PLATE_MAX_LENGTH = 15


def _plate(raw: str | None) -> str | None:
    """The plate in capitals, as printed on the vehicle and on the transport document."""
    plate = None if raw is None else raw.upper()
    if plate is not None and not PLATE.fullmatch(plate):
        raise refuse("vehicle_format")
    return plate


Plate = Annotated[str, Text(PLATE_MAX_LENGTH), AfterValidator(_plate)]
Percent = Annotated[Number, Range(low=0, high=100)]
#: t: the least a weighing can say. A weighbridge (weegbrug) weighs a truck to its scale
#: interval, 10 kg on the finest in use (OIML R 76-1, class III road-vehicle scales: e = 10
#: or 20 kg); less than one interval is no reading of the scale but a typing slip.
MIN_WEIGHED_TONNES = 0.01
#: Weighed tonnes: one scale interval at least, at most the engine's ceiling (`Tonnes`).
WeighedTonnes = Annotated[Tonnes, Range(low=MIN_WEIGHED_TONNES, code="below_scale")]
#: The years the ledger's papers cover (yearly overview, transport export), the pages' and
#: the API's alike: within them a year without deliveries is an empty paper (the ledger
#: keeps five years; older ones are empty); outside them no delivery can lie, none before
#: the market's approvals, so such a year is refused (API: 400, pages: 404).
FIRST_YEAR, LAST_YEAR = 2000, 2100
LEDGER_YEARS = Range(low=FIRST_YEAR, high=LAST_YEAR, whole=True)
Year = Annotated[Whole, LEDGER_YEARS]
PAPER_FORMATS = ("pdf", "csv")


class Weighing(Schema):
    """What the scale, the sample and the papers say of one delivery: the page's form.

    `intermediary_name` left out is the lot's intermediary; `declaration_of_origin_no` is
    numbered by the market when the batch contains animal manure.
    """

    delivered_on: Day
    weighed_tonnes: WeighedTonnes
    n_kg_per_t: Contents | None = None
    p2o5_kg_per_t: Contents | None = None
    k2o_kg_per_t: Contents | None = None
    sample_analysis_ref: Paper | None = None
    transport_document_no: Paper | None = None
    intermediary_name: Paper | None = None
    declaration_of_origin_no: Paper | None = None
    #: A coordinator's reason for booking more than the tolerance allows (audit log).
    excess_reason: Annotated[str, Text(1000)] | None = None
    #: The sampled contents are right although unusual for the lot's kind (the service
    #: compares them with the sector ranges, `matching.rules.plausibility`).
    confirm_unusual: bool = False
    #: Delivered outside the proposal's delivery window (the spreading period of the
    #: receiver's land for this manure): legal when the receiver stores it until spreading
    #: is allowed (RULES.md, spreading calendar), so booked only when confirmed.
    confirm_outside_window: bool = False
    #: The transport document number is right although another delivery has it too (one
    #: document for two loads of a trip): implausible, so booked only when confirmed.
    confirm_document_used: bool = False
    carrier: Name | None = None
    vehicle: Plate | None = Field(
        default=None, json_schema_extra={"pattern": r"^\s*[A-Za-z0-9][A-Za-z0-9 \-]*\s*$"}
    )
    lab: Name | None = None
    sample_number: Paper | None = None
    dry_matter_pct: Percent | None = None


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
    manure_code: str | None
    manure_mix: ManureMixOut | None
    category: Category
    a_fraction: float
    organic_manure: bool
    animal_fraction: float
    delivered_on: date
    weighed_tonnes: TonnesOut
    #: Booked outside the proposal's delivery window: the receiver stores the manure until
    #: spreading is allowed (confirmed with `confirm_outside_window`).
    stored_until_spreading: bool
    n_kg_per_t: ContentsOut
    p2o5_kg_per_t: ContentsOut
    k2o_kg_per_t: ContentsOut
    standard_fields: list[Annotated[str, choice(CONTENT_FIELDS)]] | None = Field(
        description="The contents that are standard figures (N and P2O5 of animal manure from"
        " RVO Tabel 11, forfaitaire gehalten; the others WUR/CBGV typical values), the others"
        " a lab's (the sample's or the lot's analysis); null for deliveries booked before"
        " this was recorded."
    )
    sampled_fields: list[Annotated[str, choice(CONTENT_FIELDS)]] | None = Field(
        description="The contents the weighing's own sample gave; null before this was recorded."
    )
    lot_analysed_on: date | None = Field(
        description="The date of the lot's lab analysis whose figures the delivery copied."
    )
    n_kg: KgOut
    sample_analysis_ref: str | None
    transport_document_no: str | None
    intermediary_name: str | None
    declaration_of_origin_no: str | None
    carrier: str | None
    vehicle: str | None
    lab: str | None
    sample_number: str | None
    dry_matter_pct: float | None
    created_at: datetime


class DeliveryPage(Page):
    items: list[Delivery]


class StatementInput(Schema):
    """Ask for a statement of non-availability for one of my farm's open requests."""

    request_id: Id


class StatementReason(Output):
    """Why a lot could not serve: a message id (`statements.REASONS`) and its parameters."""

    code: str
    params: dict[str, str | float | None]


class ConsideredLot(Output):
    """A lot the statement considered, as it was then (km by road, dates ISO): `tonnes` it
    offered and `open_tonnes` not yet committed or delivered (its balance's `open`; null on
    statements issued before the market recorded it)."""

    lot_id: int
    farm: str
    kind: Kind
    category: Category
    a_fraction: float
    organic_manure: bool
    tonnes: TonnesOut
    open_tonnes: TonnesOut | None = None
    km: KmOut
    available_from: date
    available_until: date | None
    reasons: list[StatementReason]


class StatementTerms(Output):
    """The request's terms and the policy figures the lots were judged by."""

    request_id: int
    n_kg: KgOut
    kinds: list[Kind] | None
    wanted_from: date
    wanted_until: date | None
    max_distance_km: KmOut | None
    policy_max_distance_km: KmOut | None
    road_factor: float
    accept_nonorganic: bool


class Statement(Output):
    """A numbered statement of non-availability as it was issued (verklaring
    niet-beschikbaarheid): no lot considered could serve the request on `issued_on`."""

    id: int
    number: str
    farm_id: int
    request_id: int
    issued_on: date
    created_at: datetime
    terms: StatementTerms
    lots: list[ConsideredLot]


class TransportQuery(Filters):
    """The transport export's year (default: this year)."""

    year: Annotated[QueryWhole, LEDGER_YEARS] | None = Field(
        default=None, description="Deliveries of this year (by delivery date); default: this year."
    )


class TransportParty(Output):
    """A farm as a VDM names it: RVO relation number (relatienummer), KvK and Skal numbers
    (null where the farm has not given them), name and address."""

    farm_id: int
    name: str
    address: str
    rvo_relation_number: str | None
    kvk_number: str | None
    skal_number: str | None


class TransportRecord(Output):
    """One delivery as a VDM/rVDM filing needs it: the manure code (a digestate: its mix), the
    supplier, carrier and receiver, the date, the weighed tonnes and N and P2O5 (kg per tonne
    and kg). `carrier_relation_number` is always null: the market does not record it."""

    delivery_id: int
    transport_document_no: str | None
    delivered_on: date
    manure_code: str | None
    manure_mix: ManureMixOut | None
    kind: Kind
    supplier: TransportParty
    receiver: TransportParty
    carrier: str | None
    carrier_relation_number: str | None
    vehicle: str | None
    intermediary_name: str | None
    weighed_tonnes: TonnesOut
    n_kg_per_t: ContentsOut
    p2o5_kg_per_t: ContentsOut
    n_kg: KgOut
    p2o5_kg: KgOut
    lab: str | None
    sample_number: str | None
    sample_analysis_ref: str | None
    declaration_of_origin_no: str | None


class TransportExport(Output):
    """A year's transport records of a farm (a coordinator: of every farm), oldest first."""

    year: int
    items: list[TransportRecord]
