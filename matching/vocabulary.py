"""The words of the instance format (INSTANCE.md): its version, the lot kinds, the
certification statuses and the fields of a lot's origin.

Standard library only and free of rules, so that the instance validation, which the
independent checker (`matching.check*`) shares with the engine, can spell the format
without loading the rulebook (`matching.rules` re-exports these names and adds the groups
of kinds its rules speak of).
"""

from __future__ import annotations

INSTANCE_FORMAT = "mestmatch/instance@1"

#: The vocabulary of `lots[].kind` and `requests[].kinds`; its order is fixed because the
#: engine indexes arrays by it.
KINDS: tuple[str, ...] = (
    "cattle_slurry",
    "cattle_solid",
    "veal_calf_manure",
    "pig_slurry",
    "pig_solid",
    "poultry_manure",
    "poultry_pellets",
    "goat_manure",
    "sheep_manure",
    "horse_manure",
    "digestate",
    "compost_organic_plant",
    "green_compost",
    "plant_product",
    "champost",
    "bokashi",
    "mineral_n",
)

#: Skal certification of a farm, of its own manure or of a lot's origin.
STATUSES: tuple[str, ...] = ("organic", "conversion", "conventional")
#: R3: organic manure goes to certified farms only (organic or in conversion).
RECEIVING_STATUSES = frozenset({"organic", "conversion"})

#: Every field of `lots[].origin` besides its `status`, in INSTANCE.md's order.
ORIGIN_FIELDS: tuple[str, ...] = (
    "husbandry_ok",
    "direct_from_organic_farm",
    "manure_share",
    "manure_organic",
    "coproducts_annex_ii",
    "coproducts_organic_share",
    "made_from",
    "skal_input_list",
)
#: The origin's shares (0–1 of a digestate's N); `made_from` is a bokashi's grade (A, B, C).
ORIGIN_SHARES: tuple[str, ...] = ("manure_share", "coproducts_organic_share")
#: The origin's yes/no facts (null: not known): its other fields.
ORIGIN_FLAGS: tuple[str, ...] = tuple(
    name for name in ORIGIN_FIELDS if name not in (*ORIGIN_SHARES, "made_from")
)
