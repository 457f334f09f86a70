"""When a receiving farm may take non-organic animal manure at all (R5, R6.3, R9).

One gate, read by the engine for every farm of an instance (`matching.problem_farms`) and by
the web app for a deal between two farms (`market.proposals.services.pair_rules`), so both
refuse the same farms for the same reason. The independent checker (`matching.check_rules`)
keeps its own copy on purpose. Units: kg N per year, ha.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The farm status and own-manure status of a farm whose own animals are in conversion (R9).
CONVERSION = "conversion"


@dataclass(frozen=True)
class GateFacts:
    """What the gate reads of one farm: whether it exported organic manure this year
    (delivered or committed, R5), its own animals' production `produced_n_kg` (R4, whatever
    left the farm: R6.3 reads the production), the own manure kept on its own land
    `kept_n_kg` (R9), all its land `total_ha` (normal and natural), its status and the status
    of its own manure."""

    exported_organic: bool
    produced_n_kg: float
    kept_n_kg: float
    total_ha: float
    status: str | None
    own_manure_status: str | None


def nonorganic_gate(farm: GateFacts, cap_kg_per_ha: float) -> str | None:
    """None when non-organic animal manure may come onto `farm`, else the rule's code:
    `r5_exported_organic` (it exported organic manure this year), `r6_own_manure_at_cap`
    (R6.3: production not strictly below cap × all ha, kg N/yr) or `r9_conversion_own_manure`
    (a conversion farm that applies its own conversion manure imports organic only)."""
    if farm.exported_organic:
        return "r5_exported_organic"
    if not farm.produced_n_kg < cap_kg_per_ha * farm.total_ha:
        return "r6_own_manure_at_cap"
    converting = farm.status == CONVERSION and farm.own_manure_status == CONVERSION
    if converting and farm.kept_n_kg > 0:
        return "r9_conversion_own_manure"
    return None
