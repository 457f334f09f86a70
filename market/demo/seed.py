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
from market.demo.data import (
    ACCOUNTS,
    FARMS,
    INTERMEDIATED,
    LOTS,
    REQUESTS,
    DemoAccount,
    DemoFarm,
    DemoLot,
    DemoRequest,
)
from market.listings.schemas import LotInput, RequestInput
from market.listings.services.listings import create_lot, create_request
from market.models import Farm, Role, User

ANALYSIS_AGE = timedelta(days=14)
OFFER_PERIOD = timedelta(days=180)
INTERMEDIARY_VALIDITY = timedelta(days=365)


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


def demo_present(session: Session) -> bool:
    emails = [account.email for account in ACCOUNTS]
    return session.scalar(select(User.id).where(User.email.in_(emails)).limit(1)) is not None


def seed_demo(session: Session, today: date) -> DemoReport:
    """Create the demo data (flushed; the caller commits). Lots are offered from `today`."""
    if demo_present(session):
        return DemoReport(False, 0, 0, 0, ACCOUNTS)
    farms = {spec.name: _farm(session, index, spec) for index, spec in enumerate(FARMS, 1)}
    for spec in LOTS:
        create_lot(session, farms[spec.farm], parse(LotInput, _lot_form(spec, today)))
    for ask in REQUESTS:
        create_request(session, farms[ask.farm], parse(RequestInput, _request_form(ask, today)))
    _users(session, farms)
    session.flush()
    return DemoReport(True, len(farms), len(LOTS), len(REQUESTS), ACCOUNTS)


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
    for animals in spec.livestock:
        add_livestock(session, farm, parse(LivestockInput, animals._asdict()))
    for parcel in spec.natural_land:
        add_natural_land(session, farm, parse(NaturalLandInput, parcel._asdict()))
    return farm


def _lot_form(spec: DemoLot, today: date) -> dict[str, Any]:
    form: dict[str, Any] = {
        "kind": spec.kind,
        "tonnes": spec.tonnes,
        "available_from": today,
        "available_until": today + OFFER_PERIOD,
        "max_distance_km": spec.max_distance_km,
        **(spec.origin or {}),
    }
    if spec.contents is not None:
        form.update(spec.contents._asdict(), analysed_on=today - ANALYSIS_AGE)
    if spec.farm == INTERMEDIATED.farm:
        form.update(
            intermediary_name=INTERMEDIATED.intermediary,
            intermediary_skal_approved=True,
            intermediary_valid_until=today + INTERMEDIARY_VALIDITY,
        )
    return form


def _request_form(spec: DemoRequest, today: date) -> dict[str, Any]:
    return {
        "n_kg": spec.n_kg,
        "kinds": list(spec.kinds) if spec.kinds else None,
        "accept_nonorganic": spec.accept_nonorganic,
        "max_distance_km": spec.max_distance_km,
        "wanted_from": today,
        "wanted_until": today + OFFER_PERIOD,
    }


def _users(session: Session, farms: dict[str, Farm]) -> None:
    for account in ACCOUNTS:
        create_user(
            session,
            account.email,
            account.password,
            Role(account.role),
            name=f"Demo {account.role.replace('_', ' ')}",
            farm=farms[account.farm] if account.farm else None,
        )
