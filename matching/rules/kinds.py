"""The words the rules speak in: lot kinds, the groups of kinds RULES R7 names, and the
certification statuses of farms, their own manure and a lot's origin (INSTANCE.md).

`KINDS` is the vocabulary of `lots[].kind` and `requests[].kinds`; its order is fixed
because the engine indexes arrays by it. The groups say which kinds a rule row covers.
"""

from __future__ import annotations

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

#: Skal certification of a farm, of its own manure or of a lot's origin.
STATUSES: tuple[str, ...] = ("organic", "conversion", "conventional")
#: R3: organic manure goes to certified farms only (organic or in conversion).
RECEIVING_STATUSES = frozenset({"organic", "conversion"})
