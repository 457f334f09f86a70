"""The rulebook's arithmetic (RULES.md), pure: one home for what the engine and the web app
both need.

- vocabulary (`kinds`, on the format's `matching.vocabulary`): the lot kinds of INSTANCE.md,
  the groups the rules name, statuses, the fields of a lot's origin;
- classification (`classify`, R7–R10): category, A-fraction, animal fraction of a lot;
- nitrogen accounts (`nitrogen`, R1, R2, R8): N room, own manure kept, own A-manure,
  A-share and its minimum;
- distance (`distance`): the great-circle km the engine and the pages measure;
- calendar (`calendar`): the legal spreading periods per class of kind and land use, and how
  the web app narrows the windows of an instance to them;
- outlets and loads (`outlets`): a lot's outlet cost per tonne, a truck's tonnes per load.
- intermediaries (`intermediary`, R11): whether a lot's intermediary keeps it out of a run.
- the non-organic gate (`nonorganic`, R5, R6.3, R9): whether a farm may take non-organic
  animal manure at all.

Standard library and numpy only; the fixed numbers come from `matching/data/rulebook.json`
(through `matching.reference`), the market's costs and calendar from `outlet_costs.json`,
`spreading_periods.json` and `truck_loads.json` (through `matching.rules.market_data`), the
policy numbers from the caller. The independent checker
(`matching.check*`) keeps its own copy of these rules on purpose and does not import this.
"""

from matching.rules.calendar import (
    ALL_YEAR,
    LAND_USES,
    Period,
    Window,
    accepted_classes,
    closed_window,
    common_period,
    delivery_window,
    first_stretch,
    form_of,
    legal_period,
    period_class,
    request_window,
)
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
    kept_own_manure_n_kg,
    meets_a_share,
    n_room_kg,
    own_a_n_kg,
    required_a_share,
)
from matching.rules.nonorganic import GateFacts, nonorganic_gate
from matching.rules.outlets import (
    default_capacity_t,
    default_load_prices,
    default_outlet_eur_per_t,
    load_t,
    outlet_eur_per_t,
)
from matching.vocabulary import ORIGIN_FIELDS, ORIGIN_FLAGS, ORIGIN_SHARES

__all__ = [
    "ALL_YEAR",
    "ANIMAL_MANURE_KINDS",
    "A_OWN_MANURE_STATUSES",
    "DIRECT_ONLY_KINDS",
    "EARTH_RADIUS_KM",
    "HUSBANDRY_B_KINDS",
    "KINDS",
    "LAND_USES",
    "ORGANIC_PLANT_KINDS",
    "ORIGIN_FIELDS",
    "ORIGIN_FLAGS",
    "ORIGIN_SHARES",
    "RECEIVING_STATUSES",
    "SHARE_TOL",
    "STATUSES",
    "GateFacts",
    "LotClass",
    "Period",
    "Window",
    "a_share",
    "a_share_slack_kg",
    "accepted_classes",
    "champost_n_kg_per_t",
    "classify_lot",
    "closed_window",
    "common_period",
    "default_capacity_t",
    "default_load_prices",
    "default_outlet_eur_per_t",
    "delivery_window",
    "exemption_in_force",
    "first_stretch",
    "form_of",
    "great_circle_km",
    "great_circle_km_array",
    "kept_own_manure_n_kg",
    "legal_period",
    "load_t",
    "meets_a_share",
    "n_room_kg",
    "nonorganic_gate",
    "outlet_eur_per_t",
    "own_a_n_kg",
    "period_class",
    "request_window",
    "required_a_share",
]
