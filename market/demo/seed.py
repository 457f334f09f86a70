"""Seed the demo data set (`python -m market seed-demo`, and `make run` on first start).

Idempotent: when the demo coordinator account exists, nothing is written and the report
says so. The demo accounts' passwords are fixed and printed on purpose: this is a demo.
Farms, lots and requests go through the same services as the web forms, so the demo data
obeys every validation rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from market.accounts.schemas import FarmInput, LivestockInput, NaturalLandInput
from market.accounts.services.farms import add_livestock, add_natural_land, create_farm
from market.accounts.services.users import create_user
from market.core.schemas import parse
from market.demo.data import ACCOUNTS, FARMS, INTERMEDIATED, LOTS, REQUESTS, DemoFarm, DemoLot
from market.listings.schemas import LotInput, RequestInput
from market.listings.services.listings import create_lot, create_request
from market.models import Farm, Role, User

ANALYSIS_AGE = timedelta(days=14)
OFFER_PERIOD = timedelta(days=180)
INTERMEDIARY_VALIDITY = timedelta(days=365)


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str


@dataclass(frozen=True)
class DemoReport:
    """What `seed_demo` did; `created` is False when the demo data was already there."""

    created: bool
    farms: int
    lots: int
    requests: int
    accounts: tuple[DemoAccount, ...]

    def lines(self) -> list[str]:
        head = (
            f"Demo data created: {self.farms} farms, {self.lots} lots, {self.requests} requests."
            if self.created
            else "Demo data already present; nothing changed."
        )
        accounts = [f"  {a.role:<17} {a.email} / {a.password}" for a in self.accounts]
        return [head, "Demo accounts (e-mail / password):", *accounts]


def demo_accounts() -> tuple[DemoAccount, ...]:
    return tuple(DemoAccount(role, email, password) for email, role, password, _ in ACCOUNTS)


def demo_present(session: Session) -> bool:
    emails = [email for email, *_ in ACCOUNTS]
    return session.scalar(select(User.id).where(User.email.in_(emails)).limit(1)) is not None


def seed_demo(session: Session, today: date) -> DemoReport:
    """Create the demo data (flushed; the caller commits). Lots are offered from `today`."""
    if demo_present(session):
        return DemoReport(False, 0, 0, 0, demo_accounts())
    farms = {spec.name: _farm(session, index, spec) for index, spec in enumerate(FARMS, 1)}
    for spec in LOTS:
        create_lot(session, farms[spec.farm], parse(LotInput, _lot_form(spec, today)))
    for request in REQUESTS:
        create_request(
            session,
            farms[request.farm],
            parse(
                RequestInput,
                {
                    "n_kg": request.n_kg,
                    "kinds": list(request.kinds) if request.kinds else None,
                    "accept_nonorganic": request.accept_nonorganic,
                    "max_distance_km": request.max_distance_km,
                    "wanted_from": today,
                    "wanted_until": today + OFFER_PERIOD,
                },
            ),
        )
    _users(session, farms)
    session.flush()
    return DemoReport(True, len(farms), len(LOTS), len(REQUESTS), demo_accounts())


def _farm(session: Session, index: int, spec: DemoFarm) -> Farm:
    farm = create_farm(
        session,
        parse(
            FarmInput,
            {
                "name": spec.name,
                "status": spec.status,
                "own_manure_status": spec.status,
                "skal_number": None if spec.status == "conventional" else f"DEMO-{index:04d}",
                "lat": spec.lat,
                "lon": spec.lon,
                "province": spec.province,
                "address": spec.place,
                "area_ha": spec.area_ha,
            },
        ),
        approved=True,
    )
    for category, head_count in spec.livestock:
        animals = {"category": category, "head_count": head_count}
        add_livestock(session, farm, parse(LivestockInput, animals))
    for name, ha, limit in spec.natural_land:
        parcel = {"name": name, "ha": ha, "n_limit_kg_per_ha": limit}
        add_natural_land(session, farm, parse(NaturalLandInput, parcel))
    return farm


def _lot_form(spec: DemoLot, today: date) -> dict[str, Any]:
    form: dict[str, Any] = {
        "kind": spec.kind,
        "tonnes": spec.tonnes,
        "available_from": today,
        "available_until": today + OFFER_PERIOD,
        "max_distance_km": spec.max_distance_km,
        **spec.origin,
    }
    if spec.contents is not None:
        n, p2o5, k2o = spec.contents
        form.update(
            n_kg_per_t=n, p2o5_kg_per_t=p2o5, k2o_kg_per_t=k2o, analysed_on=today - ANALYSIS_AGE
        )
    if spec.farm == INTERMEDIATED[0]:
        form.update(
            intermediary_name=INTERMEDIATED[1],
            intermediary_skal_approved=True,
            intermediary_valid_until=today + INTERMEDIARY_VALIDITY,
        )
    return form


def _users(session: Session, farms: dict[str, Farm]) -> None:
    for email, role, password, farm_name in ACCOUNTS:
        create_user(
            session,
            email,
            password,
            Role(role),
            name=f"Demo {role.replace('_', ' ')}",
            farm=farms[farm_name] if farm_name else None,
        )
