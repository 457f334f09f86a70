"""The N-room and A-share calculator (Skal's "hulpmiddel A-meststoffen berekenen").

One place for the farm's balance, shared by the farm page, its live update and the review;
the arithmetic is the rulebook's (`matching.rules`), so the engine counts the same way:
- N room (R1, R2, the gebruiksnorm for animal manure): room = cap × ha + Σ natural ha × its
  limit; used = the animal-manure N applied on the farm's own land = own manure kept + animal
  fraction × N of what comes in; room left = room − used (kg N/yr). Own manure kept is what
  the animals produce (R4) less the animal-manure N the farm's weighed deliveries of the year
  sent out (`own_manure_sent_out_n_kg`): manure that left the farm is not applied on its land
  (INSTANCE.md, `own_manure_n_kg`: "applied on own land this year"). Animal N sent out
  beyond the production was passed on from what came in (a digester, a trader: `passed_on`)
  and is not applied either. The engine gets the production, that export
  (`exported_animal_n_kg`, docs/engine.md) and what came in less what was passed on from the
  same functions, so a run counts the room the farm page shows.
- A-share (R8): share = (own A + other A + a × N in) / (own + other + N in), with own the own
  manure kept and own A that N unless the own manure is conventional (INSTANCE.md
  clarifications 3, 4).
The lot's a-fraction, animal fraction and champost's fixed 7 kg N/t come from the engine's
`classify_lot`, so the calculator and the matcher agree about every lot. A category C lot is
forbidden on an organic farm (R7) and the matcher never places it: the calculator says "not
allowed" with the rule that decided, and no verdict on room or A-share for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from market.accounts.schemas import CalculatorInput
from market.accounts.services.farms import farm_a_share_min, farm_n_room_kg, farm_own_manure_n_kg
from market.core.reference import standard_contents
from market.models import Farm
from matching import rules


@dataclass(frozen=True)
class Deliveries:
    """What a farm's weighed deliveries of calendar year `year` moved (kg N, at the N the
    rules count): brought in (all N, its A part, its animal-manure part) and the
    animal-manure N sent out. `year` None: no deliveries counted."""

    year: int | None = None
    in_n_kg: float = 0.0
    in_a_n_kg: float = 0.0
    in_animal_n_kg: float = 0.0
    out_animal_n_kg: float = 0.0

    def sent_side(self) -> Deliveries:
        """The sending side alone, for a place that counts what came in otherwise (an
        adjustment, from the season) or not at all (a run's review): its own manure kept is
        the farm page's, and nothing passed on comes off receipts it does not count here."""
        return Deliveries(year=self.year, out_animal_n_kg=self.out_animal_n_kg)


@dataclass(frozen=True)
class Balance:
    """A farm's nitrogen accounts for the year (kg N), before or after an extra lot.

    `own_kept_n_kg` is the own animals' manure applied on the own land (produced less sent
    out), `animal_n_kg` all animal-manure N applied (own kept, brought in, proposed), and
    `deliveries` the year's deliveries these figures include.
    """

    room_kg: float
    animal_n_kg: float
    total_n_kg: float
    a_n_kg: float
    a_share_min: float
    own_kept_n_kg: float = 0.0
    deliveries: Deliveries = field(default_factory=Deliveries)

    @property
    def room_left_kg(self) -> float:
        return self.room_kg - self.animal_n_kg

    @property
    def a_share(self) -> float | None:
        """None when the farm applies no N at all (no share to speak of)."""
        return rules.a_share(self.a_n_kg, self.total_n_kg)

    @property
    def fits_room(self) -> bool:
        return self.room_left_kg >= -1e-9

    @property
    def over_room_kg(self) -> int:
        """The kg N applied beyond the room, in the whole kg the pages show (0 within it): a
        farm whose land shrank, or whose weighed samples held more N than the lots stated,
        is over its room, and the farm page and its save say by how much."""
        return max(0, round(-self.room_left_kg))

    @property
    def meets_a_share(self) -> bool:
        return rules.meets_a_share(self.a_n_kg, self.total_n_kg, self.a_share_min)


@dataclass(frozen=True)
class LotEffect:
    """What one lot brings: its N, the A part and the animal part (kg), and why; `allowed`
    is False for category C, which may not go onto an organic farm at all (R7)."""

    kind: str
    tonnes: float
    n_kg_per_t: float
    category: str
    rule: str
    n_kg: float
    a_n_kg: float
    animal_n_kg: float
    allowed: bool = True


@dataclass(frozen=True)
class Calculation:
    """The farm `now` (its weighed deliveries of the year, as the yearly overview counts
    them), `committed` (with its approved proposals not yet delivered too, as an approval
    counts them: `farm_accounts.committed_balance`) and, with an extra `lot`, `after` it on
    top of what is committed, so "fits" means an approval of it would pass the N room."""

    now: Balance
    committed: Balance
    lot: LotEffect | None = None
    after: Balance | None = None

    @property
    def committed_n_kg(self) -> float:
        """The animal-manure N (kg) approved proposals still bring: room they take beyond
        the weighed deliveries."""
        return self.now.room_left_kg - self.committed.room_left_kg


def farm_balance(
    farm: Farm,
    policy: Mapping[str, float],
    on: date,
    deliveries: Deliveries | None = None,
) -> Balance:
    """The farm's accounts from its profile (livestock or measured figure, land) and the
    year's weighed `deliveries` in and out: the one place the room left is worked out, so
    the farm page and the yearly overview agree.

    Animal manure sent out comes off the own manure first. What exceeds the own production
    was manure passed on from what came in (a digester's digestate, say), so it comes off
    what came in, its A part at the average A part of that N: nothing passed on is applied
    on the farm's land.
    """
    moved = deliveries or Deliveries()
    produced = farm_own_manure_n_kg(farm)
    kept = rules.kept_own_manure_n_kg(produced, own_manure_sent_out_n_kg(produced, moved))
    passed_n_kg, passed_a_n_kg = passed_on(produced, moved)
    return Balance(
        room_kg=farm_n_room_kg(farm, policy["n_cap_kg_per_ha"]),
        animal_n_kg=kept + max(0.0, moved.in_animal_n_kg - passed_n_kg),
        total_n_kg=kept + farm.other_n_kg + moved.in_n_kg - passed_n_kg,
        a_n_kg=rules.own_a_n_kg(kept, farm.own_manure_status)
        + farm.other_a_n_kg
        + moved.in_a_n_kg
        - passed_a_n_kg,
        a_share_min=farm_a_share_min(farm, policy["a_share_min"], on),
        own_kept_n_kg=kept,
        deliveries=moved,
    )


def own_manure_sent_out_n_kg(produced_n_kg: float, moved: Deliveries) -> float:
    """The own animals' manure N (kg) that left the farm in `moved`'s year: the animal-manure
    N its weighed deliveries sent out, up to what the animals produce (`produced_n_kg`, R4).
    More than that was manure passed on from what came in (`passed_on`)."""
    return min(produced_n_kg, moved.out_animal_n_kg)


def passed_on(produced_n_kg: float, moved: Deliveries) -> tuple[float, float]:
    """The manure N (kg) the farm passed on in `moved`'s year, and its A part (kg): the
    animal-manure N sent out beyond what its animals produce (`produced_n_kg`) came from what
    came in (a digester's digestate, a trader's slurry), up to that N, its A part at the
    average A part of what came in. None of it is applied on the farm's land, so
    `farm_balance` and the run's instance (`worker.documents.farm_document`) both take it off
    what came in: the one place the rule is written."""
    beyond = moved.out_animal_n_kg - own_manure_sent_out_n_kg(produced_n_kg, moved)
    n_kg = min(beyond, moved.in_n_kg)
    return n_kg, n_kg * moved.in_a_n_kg / moved.in_n_kg if n_kg else 0.0


def lot_effect(
    kind: str, origin: Mapping[str, object], tonnes: float, n_kg_per_t: float | None = None
) -> LotEffect:
    """A lot's N contribution; without an analysis the RVO standard N content of its kind."""
    lot_class = rules.classify_lot(kind, origin)
    per_t = lot_class.n_override_kg_per_t
    if per_t is None:
        per_t = n_kg_per_t if n_kg_per_t is not None else _standard_n(kind)
    n_kg = tonnes * per_t
    return LotEffect(
        kind=kind,
        tonnes=tonnes,
        n_kg_per_t=per_t,
        category=lot_class.category,
        rule=lot_class.rule,
        n_kg=n_kg,
        a_n_kg=lot_class.a_fraction * n_kg,
        animal_n_kg=lot_class.animal_fraction * n_kg,
        allowed=lot_class.placeable,
    )


def _standard_n(kind: str) -> float:
    contents = standard_contents().get(kind)
    return contents.n_kg_per_t if contents is not None else 0.0


def with_lot(balance: Balance, lot: LotEffect) -> Balance:
    """The accounts after taking in `lot` on the farm's land."""
    return replace(
        balance,
        animal_n_kg=balance.animal_n_kg + lot.animal_n_kg,
        total_n_kg=balance.total_n_kg + lot.n_kg,
        a_n_kg=balance.a_n_kg + lot.a_n_kg,
    )


def calculate(
    farm: Farm,
    policy: Mapping[str, float],
    on: date,
    lot: LotEffect | None = None,
    deliveries: Deliveries | None = None,
    committed: Balance | None = None,
) -> Calculation:
    """The farm now (with the year's `deliveries` in and out), with what is `committed`
    (None: nothing beyond the deliveries) and, when a lot is given, after it."""
    now = farm_balance(farm, policy, on, deliveries)
    held = committed or now
    return Calculation(now, held, lot, with_lot(held, lot) if lot is not None else None)


def lot_from_input(data: CalculatorInput, farm: Farm) -> LotEffect | None:
    """The calculator's extra lot; None when no kind or quantity is given yet.

    The origin defaults to the farm's certification, like a lot the farm would post.
    """
    if data.kind is None or data.tonnes is None:
        return None
    origin = data.model_dump(exclude={"kind", "tonnes", "n_kg_per_t", "origin_status"})
    origin["status"] = data.origin_status or farm.status.value
    return lot_effect(data.kind, origin, data.tonnes, data.n_kg_per_t)
