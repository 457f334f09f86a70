"""A lot's kind against its farm's livestock: animal manure from a farm that keeps none of
those animals is implausible but possible (the livestock record may be incomplete, or an
intermediary posts the lot), so the lot is saved with the `kind` flag
(`matching.rules.plausibility.livestock_flags`) and the farmer is warned, never refused.

The flag is the services' to set, as it needs the farm's livestock: a lot's when it is posted
or edited, every open lot of a farm's when its livestock changes, so a farmer who adds the
missing animals sees the mark go. `flag_open_lots` sets the origin's flag anew as well
(`market.listings.services.origin`), for a farm whose certification changed.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from market.listings.services.origin import flag_origin
from market.models import Farm, ListingStatus, Lot
from market.models.listings import replace_flag
from matching.rules.plausibility import KIND_FLAG, livestock_flags


def kept_animals(farm: Farm) -> list[str]:
    """The livestock categories the farm keeps animals of (a head count above 0)."""
    return [row.category for row in farm.livestock if row.head_count > 0]


def kind_flags(kind: str, farm: Farm) -> list[str]:
    """`["kind"]` when `kind` is manure of animals `farm` keeps none of, else []."""
    return livestock_flags(kind, kept_animals(farm))


def flag_kind(lot: Lot, kind: str, farm: Farm) -> None:
    """Set or clear `lot`'s `kind` flag for `kind` (the lot's kind as it is being saved) and
    `farm`'s livestock; its other flags stay as they are."""
    replace_flag(lot, KIND_FLAG, kind_flags(kind, farm))


def flag_open_lots(session: Session, farm: Farm) -> None:
    """Each open lot of `farm` flagged anew for the farm as it is now: its kind against the
    livestock, its origin against the certification."""
    open_lots = select(Lot).where(Lot.farm_id == farm.id, Lot.status == ListingStatus.OPEN)
    for lot in session.scalars(open_lots):
        flag_kind(lot, lot.kind, farm)
        flag_origin(lot, lot.origin_status, farm)
    session.flush()
