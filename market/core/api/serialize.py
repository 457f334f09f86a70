"""Rows → the JSON objects of `schemas.py`, field for field; plus each resource's ETag.

For the areas not yet on schemas (the listings answer with output models, built in their
`api.py`); each area's functions go when it moves. Dates and timestamps are ISO 8601 text;
enums their lowercase values.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from market.accounts.services.farms import farm_own_manure_n_kg
from market.core.api.http import etag
from market.core.api.schemas import DELIVERY, FARM_INPUT, PAPERS
from market.models import Delivery, Farm, Proposal
from market.proposals.services.answers import is_stale


def plain(value: Any) -> Any:
    """A column value as JSON: enums by value, dates as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return getattr(value, "value", value)


def columns(row: object, names: Any) -> dict[str, Any]:
    return {name: plain(getattr(row, name)) for name in names}


def farm_json(farm: Farm) -> dict[str, Any]:
    names = ("id", *FARM_INPUT, "approved", "created_at")
    return {**columns(farm, names), "own_manure_n_kg": farm_own_manure_n_kg(farm)}


def farm_tag(farm: Farm) -> str:
    return etag("Farm", *columns(farm, ("id", *FARM_INPUT)).values())


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    names = (
        "id",
        "run_id",
        "lot_id",
        "request_id",
        "tonnes",
        "n_kg",
        "a_n_kg",
        "animal_n_kg",
        "distance_km",
        "cost_eur",
        "lot_version",
        "request_version",
        "review_status",
        "supplier_response",
        "receiver_response",
        "reviewed_by_id",
        "reviewed_at",
        "created_at",
    )
    return {
        **columns(proposal, names),
        "supplier_farm_id": proposal.lot.farm_id,
        "receiver_farm_id": proposal.request.farm_id,
        "stale": is_stale(proposal),
    }


def proposal_tag(proposal: Proposal) -> str:
    """Review status, tonnes and answers: what two coordinators could overwrite."""
    return etag(
        "Proposal",
        proposal.id,
        plain(proposal.review_status),
        proposal.tonnes,
        plain(proposal.supplier_response),
        plain(proposal.receiver_response),
    )


def delivery_json(delivery: Delivery) -> dict[str, Any]:
    names = [name for name in DELIVERY if name not in ("n_kg", *PAPERS)]
    return {**columns(delivery, names), **columns(delivery, PAPERS), "n_kg": delivery.n_kg}
