"""The interest area's schemas: starting a thread, a message, a deal offer and its answer,
and what the API answers. Every text is plain text of limited length (`Text`); pages escape
it when they show it, so markup typed into a message stays text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic.config import JsonValue

from market.core.schemas import Filled, Id, Output, Page, Schema, Text, choice, refuse
from market.core.schemas.ceilings import Tonnes
from market.core.schemas.units import EurOut
from market.listings.schemas import PRICE, Price
from market.models import OfferStatus

#: Characters of one message: a few paragraphs, enough to agree a deal, not a document.
MAX_MESSAGE_LENGTH = 2000
Body = Annotated[str, Text(MAX_MESSAGE_LENGTH, lines=True)]


def _one_of(*names: str) -> list[JsonValue]:
    """The document's form of `InterestInput._one_listing`: one of `names` is a number, the
    others are left out or null."""
    return [
        {
            "required": [name],
            "properties": {
                other: {"type": "integer"} if other == name else {"type": "null"} for other in names
            },
        }
        for name in names
    ]


class InterestInput(Schema):
    """Interest ("I am interested") in one listing of another farm: exactly one of `lot_id`
    and `request_id`, with an optional first message."""

    model_config = ConfigDict(json_schema_extra={"oneOf": _one_of("lot_id", "request_id")})

    lot_id: Id | None = None
    request_id: Id | None = Field(default=None, validate_default=True)
    body: Body | None = None

    @field_validator("request_id")
    @classmethod
    def _one_listing(cls, request_id: int | None, info: ValidationInfo) -> int | None:
        if (info.data.get("lot_id") is None) == (request_id is None):
            raise refuse("one_listing")
        return request_id


class MessageInput(Schema):
    """One message in a thread: plain text, not empty."""

    body: Annotated[str, Text(MAX_MESSAGE_LENGTH, lines=True), Filled()]


class OfferInput(Schema):
    """A deal offered in a thread: `tonnes` of the supplier's lot to the receiver's request,
    at `price_eur_per_t` (optional). The thread's listing fixes one side; `listing_id` is the
    other farm's listing of the other side (a request of the receiver for a thread about a
    lot, a lot of the supplier for a thread about a request)."""

    listing_id: Id
    tonnes: Tonnes
    price_eur_per_t: Price | None = Field(default=None, description=PRICE)


class MessageOut(Output):
    id: int
    farm_id: int
    body: str
    created_at: datetime


class OfferOut(Output):
    id: int
    farm_id: int
    lot_id: int
    request_id: int
    tonnes: float
    price_eur_per_t: EurOut | None
    status: Annotated[str, choice(OfferStatus)]
    proposal_id: int | None = Field(description="The proposal made when the offer was agreed.")
    created_at: datetime


class Thread(Output):
    """A thread with its messages and offers, oldest first."""

    id: int
    lot_id: int | None
    request_id: int | None
    owner_farm_id: int = Field(description="The farm whose listing the thread is about.")
    farm_id: int = Field(description="The farm that showed interest.")
    created_at: datetime
    last_at: datetime
    messages: list[MessageOut]
    offers: list[OfferOut]


class ThreadPage(Page):
    items: list[Thread]
