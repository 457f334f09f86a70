"""Pairs the market said no to: a lot → request pair whose proposal a coordinator rejected or
a farm declined is never proposed again while both listings are open (the snapshot hands
them to the engine as `excluded_pairs`, docs/engine.md "Excluded pairs")."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from market.models import FarmerResponse, Proposal, ReviewStatus

REJECTED, DECLINED = "rejected", "declined"


def refused_pairs(
    session: Session, lot_ids: Collection[int], request_ids: Collection[int]
) -> dict[tuple[int, int], str]:
    """{(lot id, request id): "rejected" | "declined"} for the pairs among `lot_ids` ×
    `request_ids` that a proposal's coordinator rejected (which wins) or its supplier or
    receiver declined. Refusals are few, so they are read whole and matched here rather than
    by IN lists of thousands of ids (SQLite binds at most 32,766 values a statement)."""
    refused = or_(
        Proposal.review_status == ReviewStatus.REJECTED,
        Proposal.supplier_response == FarmerResponse.DECLINED,
        Proposal.receiver_response == FarmerResponse.DECLINED,
    )
    rows = session.execute(
        select(Proposal.lot_id, Proposal.request_id, Proposal.review_status).where(refused)
    )
    lots, requests = set(lot_ids), set(request_ids)
    reasons: dict[tuple[int, int], str] = {}
    for lot_id, request_id, review in rows:
        rejected = review == ReviewStatus.REJECTED
        pair = (lot_id, request_id)
        if lot_id in lots and request_id in requests and (rejected or pair not in reasons):
            reasons[pair] = REJECTED if rejected else DECLINED
    return reasons
