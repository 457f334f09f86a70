"""Seed the demo data set (`python -m market seed-demo`, and `make run` on first start).

Idempotent: when the demo coordinator account exists, nothing is written and the report
says so. Every demo farm can log in, so a newcomer can walk any proposal to its delivery
and declaration. The three accounts of `demo.json` (one per role) keep their documented
demo passwords; every other farm gets an account `<farm-name>@demo.mestmatch.nl` with a
password generated at load time, printed once in the report's table and stored only as a
hash (nothing new in clear in the repository). Farms, lots and requests go through the same
services as the web forms, so the demo data obeys every validation rule.

The demo also holds one queued match run over the whole country (`create_run`, the one
place runs are made); the caller sends it to the worker after the commit
(`enqueue_demo_run`), so its proposals come from the real pipeline and pair farms that can
log in.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.accounts.schemas import FarmInput, LivestockInput, NaturalLandInput
from market.accounts.services.farms import add_livestock, add_natural_land, create_farm
from market.accounts.services.users import create_user
from market.core.broker import commit_then_enqueue, make_producer
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
from market.runs.schemas import RunScope
from market.runs.services.runs import create_run

ANALYSIS_AGE = timedelta(days=14)
OFFER_PERIOD = timedelta(days=180)
INTERMEDIARY_VALIDITY = timedelta(days=365)
DEMO_DOMAIN = "demo.mestmatch.nl"
#: Letters and digits a reader cannot mistake for one another (no 0/O, 1/l/I) and no
#: punctuation to trip a copy from the terminal: 12 of its 57 characters are 70 random bits.
PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class DemoReport:
    """What `seed_demo` did; `created` is False when the demo data was already there.

    `accounts` are the documented ones of `demo.json`, `farm_accounts` the generated ones
    (their passwords exist only in this report); `run_id` the queued demo run, if any."""

    created: bool
    farms: int
    lots: int
    requests: int
    accounts: tuple[DemoAccount, ...]
    farm_accounts: tuple[DemoAccount, ...] = ()
    run_id: int | None = None

    def lines(self) -> list[str]:
        if not self.created:
            return [
                "Demo data already present; nothing changed.",
                "Demo accounts (e-mail / password):",
                *(f"  {a.role:<17} {a.email} / {a.password}" for a in self.accounts),
                "The other demo farms' passwords were printed when the demo was loaded"
                " (delete the database to load it again).",
            ]
        head = f"Demo data created: {self.farms} farms, {self.lots} lots, {self.requests} requests."
        accounts = [f"  {a.role:<17} {a.email} / {a.password}" for a in self.accounts]
        run = [] if self.run_id is None else [f"Demo run {self.run_id} is queued for the worker."]
        return [head, "Demo accounts (e-mail / password):", *accounts, *self._farm_table(), *run]

    def _farm_table(self) -> list[str]:
        """Every other demo farm's log-in: printed now and never again."""
        if not self.farm_accounts:
            return []
        width = max(len(a.email) for a in self.farm_accounts)
        rows = [f"  {a.email:<{width}}  {a.password}  {a.farm}" for a in self.farm_accounts]
        note = "Log-ins of the other demo farms (shown only now; e-mail, password, farm):"
        return [note, *rows]


def demo_present(session: Session) -> bool:
    emails = [account.email for account in ACCOUNTS]
    return session.scalar(select(User.id).where(User.email.in_(emails)).limit(1)) is not None


def seed_demo(session: Session, today: date, settings: Settings | None = None) -> DemoReport:
    """Create the demo data (flushed; the caller commits). Lots are offered from `today`.

    With `settings`, also a queued run over the whole country by the demo coordinator; send
    it with `enqueue_demo_run` after the commit."""
    if demo_present(session):
        return DemoReport(False, 0, 0, 0, ACCOUNTS)
    farms = {spec.name: _farm(session, index, spec) for index, spec in enumerate(FARMS, 1)}
    for spec in LOTS:
        create_lot(session, farms[spec.farm], parse(LotInput, _lot_form(spec, today)))
    for ask in REQUESTS:
        create_request(session, farms[ask.farm], parse(RequestInput, _request_form(ask, today)))
    users = _users(session, farms, ACCOUNTS)
    generated = _farm_accounts(farms)
    _users(session, farms, generated)
    run_id = None
    if settings is not None:
        run_id = create_run(session, settings, RunScope(), users[Role.COORDINATOR]).id
    session.flush()
    return DemoReport(
        True, len(farms), len(LOTS), len(REQUESTS), ACCOUNTS, generated, run_id=run_id
    )


def enqueue_demo_run(settings: Settings, report: DemoReport) -> bool:
    """Send the committed demo run to the worker; False when there is none or the broker did
    not take it (the run stays queued and the worker's sweeper sends it later)."""
    if report.run_id is None:
        return False
    producer = make_producer(settings)
    try:
        return commit_then_enqueue(producer, report.run_id, lambda: None)[1]
    finally:
        producer.close()


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
        "manure_code": spec.manure_code,
        "manure_mix": spec.manure_mix,
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
        "land_use": spec.land_use,
    }


def _farm_accounts(farms: dict[str, Farm]) -> tuple[DemoAccount, ...]:
    """One account per farm that `demo.json` gives none, with a fresh random password: a
    farm with lots is a livestock farmer's, any other an arable farmer's."""
    named = {account.farm for account in ACCOUNTS}
    return tuple(
        DemoAccount(
            email=f"{_slug(name)}@{DEMO_DOMAIN}",
            role=(Role.LIVESTOCK_FARMER if farm.lots else Role.ARABLE_FARMER).value,
            password="".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH)),
            farm=name,
        )
        for name, farm in farms.items()
        if name not in named
    )


def _slug(name: str) -> str:
    """ "Akkerbouw Zuid-Beveland" → "akkerbouw-zuid-beveland" (ASCII, for an address)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_name.lower()).split()
    return "-".join(words)


def _users(
    session: Session, farms: dict[str, Farm], accounts: tuple[DemoAccount, ...]
) -> dict[Role, int]:
    """The accounts' users; returns the id of the last user of each role."""
    ids: dict[Role, int] = {}
    for account in accounts:
        user = create_user(
            session,
            account.email,
            account.password,
            Role(account.role),
            name=f"Demo {account.role.replace('_', ' ')}",
            farm=farms[account.farm] if account.farm else None,
        )
        ids[user.role] = user.id
    return ids
