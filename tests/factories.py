"""Plain functions that put rows in a session: farms, accounts, listings, runs, proposals.

Every function adds its row, flushes (so ids are set) and returns it; the caller commits.
The defaults describe a small organic market near Zwolle (an approved arable farm of 40 ha,
500 t of measured cattle slurry, a request for 4,000 kg N); keyword arguments override any
column, so a test states only what matters to it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from config import Settings
from config.settings import FARM_TIMEZONE
from market.accounts.services.users import create_user
from market.deliveries.services.ledger import number_declaration
from market.deliveries.services.statements import number_statement
from market.models import (
    AnalysisSource,
    Delivery,
    Farm,
    FarmerResponse,
    FarmStatus,
    Lot,
    MatchRun,
    Proposal,
    Request,
    Role,
    Statement,
    User,
)

PASSWORD = "correct horse battery staple"
DAY = date(2026, 11, 24)
WHOLE_MARKET = {"region": None, "from": None, "until": None}

Row = TypeVar("Row", Farm, User, Lot, Request, MatchRun, Proposal, Delivery, Statement)


def farm_today() -> date:
    """Today on the farms' calendar, the date the market compares with (`market.core.clock`):
    the machine's `date.today()` (UTC here) is still yesterday between midnight and 01:00 or
    02:00 in the Netherlands, and a delivery dated with it comes "before its approval"."""
    return datetime.now(ZoneInfo(FARM_TIMEZONE)).date()


def out_of_season(proposal: Proposal, day: date) -> bool:
    """Whether a delivery of `proposal` on `day` lies outside the days its spreading window
    allows, so booking it needs the storage confirmation (`confirm_outside_window`): a
    test that books today must tick it in winter and not in spring."""
    start, end = proposal.delivery_from, proposal.delivery_until
    if start is None and end is None:
        return False
    return not ((start is None or start <= day) and (end is None or day <= end))


def added(session: Session, row: Row) -> Row:
    """`row`, added and flushed: its id and defaults are set."""
    session.add(row)
    session.flush()
    return row


def add_farm(
    session: Session,
    name: str = "De Eikenhof",
    province: str = "Overijssel",
    status: FarmStatus = FarmStatus.ORGANIC,
    **overrides: Any,
) -> Farm:
    """An approved farm of 40 ha near Zwolle whose own manure has the farm's status."""
    values: dict[str, Any] = {
        "approved": True,
        "lat": 52.51,
        "lon": 6.09,
        "area_ha": 40.0,
        "own_manure_status": status,
        **overrides,
    }
    return added(session, Farm(name=name, province=province, status=status, **values))


def add_user(
    session: Session, email: str, role: Role, farm: Farm | None, *, active: bool = True
) -> User:
    """An account made by the data layer's service, as the product makes them; its password
    is `PASSWORD` and its name the part of the address before the @, capitalised."""
    user = create_user(session, email, PASSWORD, role, name=email.split("@")[0].title(), farm=farm)
    user.active = active
    session.flush()
    return user


def add_lot(
    session: Session,
    farm: Farm,
    kind: str = "cattle_slurry",
    origin: FarmStatus = FarmStatus.ORGANIC,
    **overrides: Any,
) -> Lot:
    """500 t of `kind` at 4.4 kg N/t (measured), available from 1 November 2026."""
    values: dict[str, Any] = {
        "tonnes": 500.0,
        "n_kg_per_t": 4.4,
        "p2o5_kg_per_t": 1.5,
        "k2o_kg_per_t": 5.9,
        "analysis_source": AnalysisSource.MEASURED,
        "origin_status": origin,
        "available_from": date(2026, 11, 1),
        **overrides,
    }
    return added(session, Lot(farm=farm, kind=kind, **values))


def add_request(
    session: Session,
    farm: Farm,
    n_kg: float = 4000.0,
    kinds: list[str] | None = None,
    **overrides: Any,
) -> Request:
    """A request for `n_kg` kg N of `kinds` (None: any), organic only, within 60 km."""
    values: dict[str, Any] = {
        "accept_nonorganic": False,
        "max_distance_km": 60.0,
        "wanted_from": date(2026, 11, 1),
        **overrides,
    }
    return added(session, Request(farm=farm, n_kg=n_kg, kinds=kinds, **values))


def small_market(session: Session) -> tuple[Lot, Request]:
    """1,000 t of slurry (4,400 kg N) and a request for 4,000 kg N 17 road km away: one flow."""
    livestock = add_farm(session, "De Hoeve", measured_own_manure_n_kg=3000.0)
    arable = add_farm(session, "Akkerbouw Kampen", lat=52.56, lon=5.91)
    return add_lot(session, livestock, tonnes=1000.0), add_request(session, arable)


def add_run(session: Session, settings: Settings | None = None, **overrides: Any) -> MatchRun:
    """A queued run over the whole market (HiGHS, gap 1e-4); `settings` give its policy, none
    gives empty parameters (as rows written by hand for the review pages have)."""
    values: dict[str, Any] = {
        "scope": dict(WHOLE_MARKET),
        "params": {} if settings is None else dict(settings.policy),
        "solver": "highs",
        "gap": 1e-4,
        **overrides,
    }
    return added(session, MatchRun(**values))


def add_proposal(
    session: Session, run: MatchRun, lot_id: int, request_id: int, tonnes: float, **columns: Any
) -> Proposal:
    """`tonnes` of cattle slurry (4.4 kg N/t, all animal, category A) carried 37.2 km at
    0.15 €/t·km, proposed by `run` for listings at version 1."""
    values: dict[str, Any] = {
        "n_kg": 4.4 * tonnes,
        "a_n_kg": 4.4 * tonnes,
        "animal_n_kg": 4.4 * tonnes,
        "distance_km": 37.2,
        "cost_eur": 5.58 * tonnes,
        "lot_version": 1,
        "request_version": 1,
        **columns,
    }
    row = Proposal(run=run, lot_id=lot_id, request_id=request_id, tonnes=tonnes, **values)
    return added(session, row)


def add_delivery(session: Session, proposal: Proposal) -> Delivery:
    """Both farms accept `proposal`, and 48 t of it were weighed and delivered, with its
    declaration numbered in the register as the market numbers it."""
    proposal.supplier_response = proposal.receiver_response = FarmerResponse.ACCEPTED
    delivery = Delivery(
        proposal=proposal,
        lot_id=proposal.lot_id,
        supplier_farm_id=proposal.lot.farm_id,
        receiver_farm_id=proposal.request.farm_id,
        kind="cattle_slurry",
        category="A",
        a_fraction=1.0,
        organic_manure=True,
        animal_fraction=1.0,
        delivered_on=date(2026, 11, 2),
        weighed_tonnes=48.0,
        n_kg_per_t=4.4,
    )
    added(session, delivery)
    number_declaration(session, delivery)
    return delivery


def add_statement(session: Session, request: Request) -> Statement:
    """A statement of non-availability for `request` as issued on `DAY`, no lot considered."""
    terms = {
        "request_id": request.id,
        "n_kg": request.n_kg,
        "kinds": request.kinds,
        "wanted_from": request.wanted_from.isoformat(),
        "wanted_until": None,
        "max_distance_km": request.max_distance_km,
        "policy_max_distance_km": 150.0,
        "road_factor": 1.3,
        "accept_nonorganic": request.accept_nonorganic,
    }
    statement = Statement(
        farm_id=request.farm_id, request_id=request.id, issued_on=DAY, terms=terms, lots=[]
    )
    return number_statement(session, statement)
