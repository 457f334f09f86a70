"""A request against its farm's N room: asking more N than the farm has room left for is
implausible but possible (the farm may be about to add land, or take plant-based N that needs
no room), so the request is saved with the `n_room` flag
(`matching.rules.plausibility.ROOM_FLAG`) and the farmer is warned, never refused.

The room is the one an approval checks (`farm_accounts.committed_balance`: the farm's weighed
deliveries and its approved proposals not yet delivered), compared with the request's open N
(asked less what its own proposals and deliveries hold, `request_balance`): what it holds is
in the committed figure already. The flag is set whenever the request is posted or edited, so
a farmer who adds land and saves the request again sees the mark go.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from market.models import Request
from market.models.listings import set_flags
from market.proposals.services.balance import TOLERANCE, request_balance
from market.proposals.services.farm_accounts import committed_balance
from matching.rules.plausibility import ROOM_FLAG


@dataclass(frozen=True)
class RoomShortfall:
    """A request's open N and its farm's N room left after committed deliveries (kg N)."""

    open_n_kg: float
    room_left_kg: float


def room_shortfall(
    session: Session, request: Request, policy: Mapping[str, float], on: date
) -> RoomShortfall | None:
    """The figures when `request` still asks more N than its farm has room left for in the
    year of `on` (the farms' date), else None."""
    open_n_kg = request_balance(session, request).open
    room_left_kg = committed_balance(session, request.farm, policy, on).room_left_kg
    if open_n_kg <= TOLERANCE or open_n_kg <= room_left_kg + TOLERANCE:
        return None
    return RoomShortfall(open_n_kg, room_left_kg)


def flag_room(session: Session, request: Request, policy: Mapping[str, float], on: date) -> None:
    """Set or clear `request`'s room flag (`room_shortfall`); its other flags stay."""
    others = [flag for flag in request.flags or [] if flag != ROOM_FLAG]
    over = room_shortfall(session, request, policy, on) is not None
    set_flags(request, others + [ROOM_FLAG] * over)
    session.flush()
