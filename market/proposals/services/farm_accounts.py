"""A receiving farm's accounts as a run counts them, for the pages that judge a run's plan.

The engine sees a farm's profile with its own manure kept (produced less what its weighed
deliveries of the year sent out) and what the year already holds for it: deliveries and
live proposals, less the manure it passed on (`calculator.passed_on`; the run's instance,
`worker.documents.farm_document`, counts it the same way). The review's farm shares add the
run's own proposals to that; an adjustment adds its run's waiting proposals and the changed
one (`adjust`). Both start here, so neither shows a farm more room than the run had.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from market.accounts.services.calculator import Balance, Deliveries, farm_balance, passed_on
from market.accounts.services.farms import farm_own_manure_n_kg
from market.models import Farm, Proposal
from market.proposals.services.season import Receipts


@dataclass(frozen=True)
class Flow:
    """N figures (kg) that come into a farm: a proposal's, or what the year holds."""

    n_kg: float
    a_n_kg: float
    animal_n_kg: float

    @classmethod
    def of(cls, proposal: Proposal) -> Flow:
        return cls(proposal.n_kg, proposal.a_n_kg, proposal.animal_n_kg)


def plus_flows(balance: Balance, flows: Iterable[Flow]) -> Balance:
    """`balance` with `flows` applied on the farm's land."""
    flows = list(flows)
    return replace(
        balance,
        animal_n_kg=balance.animal_n_kg + sum(f.animal_n_kg for f in flows),
        total_n_kg=balance.total_n_kg + sum(f.n_kg for f in flows),
        a_n_kg=balance.a_n_kg + sum(f.a_n_kg for f in flows),
    )


def season_balance(
    farm: Farm,
    policy: Mapping[str, float],
    on: date,
    got: Receipts,
    moved: Deliveries,
) -> Balance:
    """`farm`'s accounts (kg N) with what the year holds for it (`got`, from `season`) less
    the manure it passed on, its own manure kept after the year's deliveries out (`moved`,
    from `year_moved`); `on` decides an A-share exemption."""
    stayed = got.less_passed_on(*passed_on(farm_own_manure_n_kg(farm), moved))
    start = farm_balance(farm, policy, on, moved.sent_side())
    return plus_flows(start, [Flow(stayed.n_kg, stayed.a_n_kg, stayed.animal_n_kg)])
