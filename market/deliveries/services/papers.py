"""The papers of the ledger: a delivery's declaration of origin and a farm's yearly overview.

The declaration of origin (verklaring van herkomst, R11) names what an inspector checks on
arrival (ingangscontrole): both parties with address, Skal, RVO relation and KvK numbers; the
batch with its RVO manure code, weight, contents, totals of N and P2O5 and dry matter; the
lab and sample; the transport (VDM/CMR number, carrier, vehicle); the intermediary with its
Skal declaration and whether it was valid on the day; and for digestate the A-percentage
the supplier states on every delivery (R10) with the manure share it rests on. What of
that lies outside the delivery's row is printed as it stood when the paper was numbered
(`declaration_paper`), so every print of one number reads the same.

The yearly overview is what a farm shows Skal and RVO at the end of the year: every weighed
delivery it received or sent, with the sampled contents and the category of the day. Its N
room left and A-share are the calculator's (`farm_balance`, R1, R2, R8) over the same year's
deliveries in and out (`year_deliveries`), so the paper and the farm page agree. The same
count for every farm at once (`year_moved`) gives a run's instance, a run's review and a
proposal's adjustment the page's own manure kept and, where they count what came in, the
page's manure passed on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from market.accounts.services.calculator import Balance, Deliveries, farm_balance
from market.deliveries.services.declaration_paper import Intermediary, Party, Window, read_kept
from market.models import Delivery, Farm
from market.proposals.services.balance import counted_n_per_t


@dataclass(frozen=True)
class Declaration:
    """What the declaration of origin prints besides the delivery's own columns, as issued.

    `supplier`, `receiver`, `manure_code_name`, `manure_share`, `manure_share_stated`,
    `intermediary` and `window` are the kept paper's (`declaration_paper`), so a reprint
    reads as the first print; the rest derive from the delivery's columns, which are never
    corrected. `p2o5_kg` total P2O5 (kg); `manure_code` and `manure_code_name` the RVO code
    of the day and its name in the reader's language (None: none recorded);
    `digestate_parts` the mix of a digestate (`[(code, percent)]`) and `coproduct_code` its
    co-product's code; `a_fraction` and `manure_share` digestate only: the share of its N
    that counts as A (0..1, from `classify_lot` on the day) and the manure share it rests
    on, with `manure_share_stated` False when the rulebook's default stood in
    (`digestate_manure_share_default`).
    """

    delivery: Delivery
    supplier: Party
    receiver: Party
    p2o5_kg: float
    manure_code: str | None
    manure_code_name: str | None
    digestate_parts: list[tuple[str, float]]
    coproduct_code: str | None
    a_fraction: float | None
    manure_share: float | None
    manure_share_stated: bool
    intermediary: Intermediary | None
    window: Window | None


def declaration(delivery: Delivery, language: str) -> Declaration:
    """The declaration of origin of `delivery` as issued, code names in `language` ("nl" or
    "en"); `delivery` must have been numbered (`ledger.number_declaration` kept its paper)."""
    if delivery.declaration_paper is None:
        raise ValueError(f"delivery {delivery.id} has no declaration of origin issued")
    kept = read_kept(delivery.declaration_paper)
    names = kept.code_names
    return Declaration(
        delivery=delivery,
        supplier=kept.supplier,
        receiver=kept.receiver,
        p2o5_kg=delivery.weighed_tonnes * delivery.p2o5_kg_per_t,
        manure_code=delivery.manure_code,
        manure_code_name=None if names is None else names[language],
        digestate_parts=_parts(delivery.manure_mix),
        coproduct_code=_coproduct(delivery.manure_mix),
        a_fraction=delivery.a_fraction if delivery.kind == "digestate" else None,
        manure_share=kept.manure_share,
        manure_share_stated=kept.manure_share_stated,
        intermediary=kept.intermediary,
        window=kept.window,
    )


def _parts(mix: Mapping[str, object] | None) -> list[tuple[str, float]]:
    """A digestate's manure parts as `(code, percent)`, in the order the VDM lists them."""
    parts = (mix or {}).get("parts")
    if not isinstance(parts, list):
        return []
    return [(str(part["code"]), float(part["percent"])) for part in parts]


def _coproduct(mix: Mapping[str, object] | None) -> str | None:
    code = (mix or {}).get("coproduct_code")
    return str(code) if code else None


@dataclass(frozen=True)
class Side:
    """Sums over the deliveries in one direction (kg)."""

    deliveries: list[Delivery]

    @property
    def tonnes(self) -> float:
        return sum(d.weighed_tonnes for d in self.deliveries)

    @property
    def n_kg(self) -> float:
        return sum(d.n_kg for d in self.deliveries)

    @property
    def p2o5_kg(self) -> float:
        return sum(d.weighed_tonnes * d.p2o5_kg_per_t for d in self.deliveries)

    @property
    def a_n_kg(self) -> float:
        return sum(d.a_fraction * d.n_kg for d in self.deliveries)


@dataclass(frozen=True)
class YearOverview:
    farm: Farm
    year: int
    incoming: Side
    outgoing: Side
    balance: Balance  # the farm's accounts with this year's deliveries in and out


def year_overview(
    session: Session, farm: Farm, year: int, policy: Mapping[str, float]
) -> YearOverview:
    incoming, outgoing = year_sides(session, farm, year)
    moved = _moved(year, incoming, outgoing)
    balance = farm_balance(farm, policy, date(year, 12, 31), moved)
    return YearOverview(farm, year, incoming, outgoing, balance)


def year_sides(session: Session, farm: Farm, year: int) -> tuple[Side, Side]:
    """The farm's weighed deliveries dated in `year`: brought in and sent out."""
    in_year = Delivery.delivered_on.between(date(year, 1, 1), date(year, 12, 31))
    query = (
        select(Delivery)
        .where(
            in_year, or_(Delivery.supplier_farm_id == farm.id, Delivery.receiver_farm_id == farm.id)
        )
        .options(joinedload(Delivery.supplier), joinedload(Delivery.receiver))
        .order_by(Delivery.delivered_on, Delivery.id)
    )
    rows = list(session.scalars(query))
    incoming = Side([d for d in rows if d.receiver_farm_id == farm.id])
    outgoing = Side([d for d in rows if d.supplier_farm_id == farm.id])
    return incoming, outgoing


def year_deliveries(session: Session, farm: Farm, year: int) -> Deliveries:
    """What the farm's weighed deliveries of `year` moved, for `farm_balance`: the farm page
    counts them as the yearly overview does, so both show the same N room left."""
    return _moved(year, *year_sides(session, farm, year))


def _moved(year: int, incoming: Side, outgoing: Side) -> Deliveries:
    """The sides' N at the figure the rules count (champost's fixed N per tonne, R7)."""
    counted_in = [(d, _counted_n_kg(d)) for d in incoming.deliveries]
    return Deliveries(
        year=year,
        in_n_kg=sum(n for _, n in counted_in),
        in_a_n_kg=sum(d.a_fraction * n for d, n in counted_in),
        in_animal_n_kg=sum(d.animal_fraction * n for d, n in counted_in),
        out_animal_n_kg=sum(_animal_n_kg(d) for d in outgoing.deliveries),
    )


def year_moved(session: Session, year: int) -> dict[int, Deliveries]:
    """Every farm's weighed deliveries of `year`, in and out, counted as `year_deliveries`
    counts them for one farm: farm id → `Deliveries` (a farm with none is not listed). A
    run's instance and a proposal's adjustment read the own manure kept and the manure
    passed on (`calculator.passed_on`) from it, a run's review the own manure kept: the
    farm page's figures. One query for all farms, in the overview's order."""
    in_year = Delivery.delivered_on.between(date(year, 1, 1), date(year, 12, 31))
    query = select(Delivery).where(in_year).order_by(Delivery.delivered_on, Delivery.id)
    incoming: dict[int, list[Delivery]] = defaultdict(list)
    outgoing: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in session.scalars(query):
        incoming[delivery.receiver_farm_id].append(delivery)
        outgoing[delivery.supplier_farm_id].append(delivery)
    return {
        farm_id: _moved(year, Side(incoming[farm_id]), Side(outgoing[farm_id]))
        for farm_id in incoming.keys() | outgoing.keys()
    }


def _animal_n_kg(delivery: Delivery) -> float:
    """The delivery's animal-manure N (kg) at the N the rules count."""
    return delivery.animal_fraction * _counted_n_kg(delivery)


def _counted_n_kg(delivery: Delivery) -> float:
    return delivery.weighed_tonnes * counted_n_per_t(delivery.kind, delivery.n_kg_per_t)
