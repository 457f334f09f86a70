"""Why a lot has its category: the engine's rule ids (`LotClass.rule`) as sentences.

`classify_lot` names the row of the rulebook (R7-R10) that decided; the farmer reads the
sentence here, in Dutch or English. An unknown id is shown as it is rather than hidden.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

RULE_SENTENCES: dict[str, LazyString] = {
    "class.organic_manure": _l("Manure of organically certified animals is an A fertiliser."),
    "class.nonorganic_husbandry_ok": _l(
        "Non-organic manure of animals with grazing, outdoor access or litter is a B fertiliser."
    ),
    "class.nonorganic_manure_forbidden": _l(
        "Non-organic manure of this kind, or without grazing, outdoor access or litter, is"
        " category C: not allowed on organic farms."
    ),
    "class.poultry_pellets_direct_organic": _l(
        "Poultry manure pellets straight from a certified organic poultry farm are A."
    ),
    "class.poultry_pellets_not_direct_organic": _l(
        "Poultry manure pellets not delivered straight from a certified organic poultry farm"
        " are category C."
    ),
    "class.champost_direct_organic": _l(
        "Champost straight from a certified organic mushroom farm is A; it counts 7 kg N per"
        " tonne, half of it from manure."
    ),
    "class.champost_not_direct_organic": _l(
        "Champost not delivered straight from a certified organic mushroom farm is category C."
    ),
    "class.digestate_organic_manure": _l(
        "Digestate of organic manure with Annex II co-products: the manure part and the organic"
        " part of the co-products count as A."
    ),
    "class.digestate_conditions_unmet": _l(
        "Digestate counts only when its manure is organic and its co-products are allowed"
        " (Annex II); otherwise it is category C."
    ),
    "class.organic_plant_material": _l("Organic plant material and products are A fertilisers."),
    "class.nonorganic_plant_material": _l("Non-organic plant material is category C."),
    "class.green_compost": _l("Green compost of verge cuttings and prunings is an A fertiliser."),
    "class.bokashi_a": _l(
        "Bokashi of verge grass, prunings and the farm's own organic residues is A."
    ),
    "class.bokashi_b": _l("Bokashi with other agricultural residues is a B fertiliser."),
    "class.bokashi_c": _l("Bokashi that does not meet the conditions is category C."),
    "class.mineral_on_input_list": _l("Nitrogen fertiliser on the Skal input list is B."),
    "class.mineral_not_on_input_list": _l(
        "Nitrogen fertiliser that is not on the Skal input list is category C."
    ),
}


def rule_sentence(rule: str) -> str:
    sentence = RULE_SENTENCES.get(rule)
    return str(sentence) if sentence is not None else rule
