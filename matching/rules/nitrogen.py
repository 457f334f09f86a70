"""A farm's nitrogen accounts: N room (RULES R1, R2) and the A-share (R8), in kg N per year.

The policy numbers (the N cap per hectare, the required A-share) are parameters: the engine
takes them from the instance's `params`, the web app from `settings.policy`; an individual
Skal exemption replaces the required share while it is valid. Nothing here holds a number
of the law itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

#: Own manure counts as A-fertiliser on the farm itself unless it is conventional (R8, R9;
#: INSTANCE.md clarifications 3 and 4). A missing status counts as conventional.
A_OWN_MANURE_STATUSES = frozenset({"organic", "conversion"})
#: Float noise allowed when a share is compared with its minimum.
SHARE_TOL = 1e-9


def n_room_kg(
    area_ha: float, natural_land: Iterable[tuple[float, float]], n_cap_kg_per_ha: float
) -> float:
    """N room for animal manure (R1, R2) in kg N/yr.

    room = cap · A + Σₚ hₚ · limitₚ, with A the normal land (ha), cap in kg N/ha/yr, and
    `natural_land` the natuurgrond parcels as (hₚ ha, limitₚ kg N/ha/yr) pairs.
    """
    return n_cap_kg_per_ha * area_ha + sum(ha * limit for ha, limit in natural_land)


def kept_own_manure_n_kg(produced_n_kg: float, exported_n_kg: float) -> float:
    """The own animals' manure N applied on the farm's own land this year (kg): what they
    produce (R4) less what left the farm, never below 0.

    R1/R2 ("may apply at most"), R8 ("the nitrogen a farm applies") and R9 ("imports manure
    besides its own") read this figure; R6.3 ("the organic livestock produces") reads the
    production itself (docs/engine.md, `exported_animal_n_kg`).
    """
    return max(0.0, produced_n_kg - exported_n_kg)


def own_a_n_kg(own_n_kg: float, own_manure_status: str | None) -> float:
    """The part of the farm's own manure N (kg) that counts as A: all of it, or none when
    the own manure is conventional (or its status unknown)."""
    return own_n_kg if own_manure_status in A_OWN_MANURE_STATUSES else 0.0


def a_share(a_n_kg: float, total_n_kg: float) -> float | None:
    """The A-share (R8): A N / all N applied (both kg); None when no N is applied at all."""
    return a_n_kg / total_n_kg if total_n_kg > 0 else None


def meets_a_share(a_n_kg: float, total_n_kg: float, a_share_min: float) -> bool:
    """R8: share ≥ the required minimum (within `SHARE_TOL`); no N applied meets it."""
    share = a_share(a_n_kg, total_n_kg)
    return share is None or share >= a_share_min - SHARE_TOL


def a_share_slack_kg(a_n_kg: float, total_n_kg: float, a_share_min: float) -> float:
    """The A-share rule in linear form (R8, the model's D0): A − a_min · total, in kg N.

    Non-negative exactly when the share is met; a lot of N kg with A-fraction a changes it
    by (a − a_min) · N.
    """
    return a_n_kg - a_share_min * total_n_kg


def exemption_in_force(exemption: float | None, valid_until: date | None, on: date) -> float | None:
    """A Skal A-share exemption (R8) if it holds on `on` (no end date: always), else None."""
    if exemption is None or (valid_until is not None and valid_until < on):
        return None
    return exemption


def required_a_share(
    policy_minimum: float, exemption: float | None, valid_until: date | None, on: date
) -> float:
    """The A-share a farm must reach on `on`: its valid exemption, else the policy figure."""
    granted = exemption_in_force(exemption, valid_until, on)
    return policy_minimum if granted is None else granted
