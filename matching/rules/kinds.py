"""The words the rules speak in: lot kinds, the groups of kinds RULES R7 names, and the
certification statuses of farms, their own manure and a lot's origin (INSTANCE.md).

The kinds and statuses themselves are the format's words (`matching.vocabulary`, which the
validation shares with the checker); the groups here say which kinds a rule row covers.
"""

from __future__ import annotations

from matching.vocabulary import KINDS, RECEIVING_STATUSES, STATUSES

__all__ = [
    "ANIMAL_MANURE_KINDS",
    "DIRECT_ONLY_KINDS",
    "HUSBANDRY_B_KINDS",
    "KINDS",
    "ORGANIC_PLANT_KINDS",
    "RECEIVING_STATUSES",
    "STATUSES",
]


#: R7: non-organic manure of these kinds is B when the animals had grazing, outdoor access or
#: litter (veal calves and solid pig manure only under those conditions); else C.
HUSBANDRY_B_KINDS = frozenset(
    {
        "cattle_slurry",
        "cattle_solid",
        "goat_manure",
        "sheep_manure",
        "horse_manure",
        "veal_calf_manure",
        "pig_solid",
    }
)
#: R7: animal manure proper; pig slurry and poultry manure are never B when non-organic.
ANIMAL_MANURE_KINDS = HUSBANDRY_B_KINDS | {"pig_slurry", "poultry_manure"}
#: R7: A only when delivered as organic straight from a certified organic farm, else C.
DIRECT_ONLY_KINDS = frozenset({"poultry_pellets", "champost"})
#: R7: organic plant material and products are A when organic, else C.
ORGANIC_PLANT_KINDS = frozenset({"compost_organic_plant", "plant_product"})
