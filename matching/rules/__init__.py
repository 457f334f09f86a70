"""The rulebook's arithmetic (RULES.md), pure: one home for what the engine and the web app
both need.

- vocabulary (`kinds`, on the format's `matching.vocabulary`): the lot kinds of INSTANCE.md,
  the groups the rules name, statuses, the fields of a lot's origin;
- classification (`classify`, R7–R10): category, A-fraction, animal fraction of a lot;
- nitrogen accounts (`nitrogen`, R1, R2, R8): N room, own A-manure, A-share and its minimum;
- distance (`distance`): the great-circle km the engine and the pages measure.

Standard library and numpy only; the fixed numbers come from `matching/data/rulebook.json`
(through `matching.reference`), the policy numbers from the caller. The independent checker
(`matching.check*`) keeps its own copy of these rules on purpose and does not import this.
"""

from matching.rules.classify import LotClass, champost_n_kg_per_t, classify_lot
from matching.rules.distance import EARTH_RADIUS_KM, great_circle_km, great_circle_km_array
from matching.rules.kinds import (
    ANIMAL_MANURE_KINDS,
    DIRECT_ONLY_KINDS,
    HUSBANDRY_B_KINDS,
    KINDS,
    ORGANIC_PLANT_KINDS,
    RECEIVING_STATUSES,
    STATUSES,
)
from matching.rules.nitrogen import (
    A_OWN_MANURE_STATUSES,
    SHARE_TOL,
    a_share,
    a_share_slack_kg,
    exemption_in_force,
    meets_a_share,
    n_room_kg,
    own_a_n_kg,
    required_a_share,
)
from matching.vocabulary import ORIGIN_FIELDS, ORIGIN_FLAGS, ORIGIN_SHARES

__all__ = [
    "ANIMAL_MANURE_KINDS",
    "A_OWN_MANURE_STATUSES",
    "DIRECT_ONLY_KINDS",
    "EARTH_RADIUS_KM",
    "HUSBANDRY_B_KINDS",
    "KINDS",
    "ORGANIC_PLANT_KINDS",
    "ORIGIN_FIELDS",
    "ORIGIN_FLAGS",
    "ORIGIN_SHARES",
    "RECEIVING_STATUSES",
    "SHARE_TOL",
    "STATUSES",
    "LotClass",
    "a_share",
    "a_share_slack_kg",
    "champost_n_kg_per_t",
    "classify_lot",
    "exemption_in_force",
    "great_circle_km",
    "great_circle_km_array",
    "meets_a_share",
    "n_room_kg",
    "own_a_n_kg",
    "required_a_share",
]
