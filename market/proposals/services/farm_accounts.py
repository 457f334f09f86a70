"""A receiving farm's accounts as a run counts them, for the pages and checks that judge a
run's plan, a deal or an approval.

The engine sees a farm's profile with its own manure kept (produced less what its weighed
deliveries of the year sent out) and what the year already holds for it: deliveries and
live proposals, less the manure it passed on (`calculator.passed_on`; the run's instance,
`worker.documents.farm_document`, counts it the same way). The review's farm shares add the
run's own proposals to that; an adjustment adds its run's waiting proposals and the changed
one (`adjust`); an approval and a deal's offer add the one proposal (`farm_problem`). All
start here, so none shows a farm more room than the run had.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from market.accounts.services.calculator import Balance, Deliveries, farm_balance, passed_on
from market.accounts.services.farms import farm_own_manure_n_kg
from market.core.schemas.units import KG_PATTERN
from market.core.validation import FieldError, Figure
from market.deliveries.services.papers import year_deliveries
from market.models import Farm, Proposal
from market.proposals.services.season import Receipts, season

TOLERANCE = 1e-6


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


def committed_balance(
    session: Session,
    farm: Farm,
    policy: Mapping[str, float],
    on: date,
    but_proposal: int | None = None,
) -> Balance:
    """`farm`'s accounts (kg N) in the year of `on` with all it holds: its weighed deliveries
    and the undelivered part of its live (approved, not declined) proposals (`season`),
    leaving out proposal `but_proposal`. The room an approval or a deal still has, so the
    farm page, a request's check and `farm_problem` show one figure."""
    year = season(session, on.year, but_proposal=but_proposal, receiver=farm.id)
    got = year.receipts.get(farm.id, Receipts())
    return season_balance(farm, policy, on, got, year_deliveries(session, farm, on.year))


#: No N: what a proposal brought before it was approved, or a deal before it was offered.
NO_FLOW = Flow(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Change:
    """What a proposal brings a farm after the change (`new`) and before it (`old`), the
    other flows counted besides the year's holdings (`others`: an adjusted proposal's run's
    waiting proposals into the farm), flows counted in the A-share only (`mix`: an approved
    proposal's run's waiting ones — R8 is a share, so a plan of A and B manure holds as a
    whole while it is approved one proposal at a time; the N room is a sum, which no part of
    a plan exceeds where the whole does not) and the proposal the year's holdings leave out
    (`but_proposal`: it is counted as `old`/`new` instead; None for an offer)."""

    new: Flow
    old: Flow = NO_FLOW
    others: tuple[Flow, ...] = ()
    mix: tuple[Flow, ...] = ()
    but_proposal: int | None = None


def farm_problem(
    session: Session, farm: Farm, policy: Mapping[str, float], on: date, change: Change
) -> FieldError | None:
    """Why `change` may not come onto `farm`, or None: it would overfill the N room for
    animal manure (R1, R2: `n_room_exceeded`, kg N over) or push the A-share below its
    minimum (R8: `a_share_too_low`, %), counting its profile with its own manure kept after
    the year's deliveries out (`year_moved`), what the year holds for it (all runs,
    deliveries, `season`) less the manure it passed on, and `change.others`. A change that
    leaves the farm no worse off than before is allowed (a farm already over its room may
    still take less). `on` is the farms' date: its year is the season, and it decides an
    A-share exemption. Adjusting, approving and offering a deal all ask this one question."""
    start = committed_balance(session, farm, policy, on, change.but_proposal)
    after = plus_flows(start, [*change.others, change.new])
    before = plus_flows(start, [*change.others, change.old])
    if not after.fits_room and after.room_left_kg < before.room_left_kg - TOLERANCE:
        over = Figure(round(-after.room_left_kg), KG_PATTERN)
        return FieldError("n_room_exceeded", {"over": over})
    after, before = plus_flows(after, change.mix), plus_flows(before, change.mix)
    if not after.meets_a_share and (after.a_share or 0) < _share(before) - TOLERANCE:
        share = {
            "share": Figure(round(100 * (after.a_share or 0)), KG_PATTERN),
            "min": Figure(round(100 * after.a_share_min), KG_PATTERN),
        }
        return FieldError("a_share_too_low", share)
    return None


def _share(balance: Balance) -> float:
    """The A-share a change is compared with: a farm that applies no N at all meets any
    minimum (R8 reads A N / all N), so it counts as 1, not 0 (B manure onto a bare farm
    would otherwise be "no worse off")."""
    return 1.0 if balance.a_share is None else balance.a_share
