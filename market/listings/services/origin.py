"""A lot's origin against its farm's certification: a lot stated more organic than the farm
(an organic lot of a farm in conversion, or of a conventional farm) is implausible but
possible (a trader or a digester passing on a certified farm's manure), so the lot is saved
with the `origin_status` flag (`matching.rules.plausibility.origin_flags`, which says why a
named intermediary does not spare it) and the farmer is warned, never refused.

The flag is the services' to set, as it needs the farm's certification: a lot's when it is
posted or edited, every open lot of a farm's when the farm's certification changes
(`market.listings.services.animals.flag_open_lots`), so the mark follows both.
"""

from __future__ import annotations

from market.models import Farm, FarmStatus, Lot
from market.models.listings import replace_flag
from matching.rules.plausibility import ORIGIN_FLAG, origin_flags


def certification_flags(origin_status: FarmStatus, farm: Farm) -> list[str]:
    """`["origin_status"]` when a lot of `origin_status` is more organic than `farm`'s
    certification and its animals' manure's (`origin_flags`)."""
    certified = (farm.status.value, farm.own_manure_status.value)
    return origin_flags(origin_status.value, certified)


def flag_origin(lot: Lot, origin_status: FarmStatus, farm: Farm) -> None:
    """Set or clear `lot`'s origin flag for the origin it is being saved with and `farm`'s
    certification as it is now; its other flags stay as they are."""
    replace_flag(lot, ORIGIN_FLAG, certification_flags(origin_status, farm))
