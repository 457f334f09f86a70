"""A solved run with many proposals for the coordinator's desk: 25 lots of 5 suppliers in
five provinces and 20 requests of 10 receivers, paired into up to 500 proposals, written as
the worker writes them. Every fifth lot is conventional with husbandry approved (category
B), the rest organic (A); kinds alternate; tonnes, distances and costs differ per pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from market.models import FarmStatus, ReviewStatus, Role, RunPhase, RunStatus
from tests.conftest import state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

PROVINCES = ("Overijssel", "Gelderland", "Drenthe", "Friesland", "Utrecht")
KINDS = ("cattle_slurry", "pig_slurry", "goat_manure", "cattle_solid", "poultry_manure")
LOTS_PER_SUPPLIER, REQUESTS_PER_RECEIVER = 5, 2


def supplier_email(province: str) -> str:
    """The address of the one account of the supplier in `province`."""
    return f"leverancier-{province.lower()}@example.nl"


@dataclass(frozen=True)
class BigRun:
    run_id: int
    proposals: int


def add_big_run(app: Flask, proposals: int = 500, *, accounts: bool = True) -> BigRun:
    """A solved run with `proposals` (at most 500) proposals, all waiting for review; lots
    and requests hold far more than proposed, so approving any set of them fits. Each
    supplier gets an account (`supplier_email`) unless `accounts` is False (a second run)."""
    with state(app).session_factory() as session:
        lots, requests = [], []
        for s, province in enumerate(PROVINCES):
            supplier = add_farm(session, f"Leverancier {province}", province)
            if accounts:
                add_user(session, supplier_email(province), Role.LIVESTOCK_FARMER, supplier)
            for n in range(LOTS_PER_SUPPLIER):
                index = s * LOTS_PER_SUPPLIER + n
                b = index % 5 == 3  # cattle_solid
                lot = add_lot(
                    session,
                    supplier,
                    KINDS[index % len(KINDS)],
                    FarmStatus.CONVENTIONAL if b else FarmStatus.ORGANIC,
                    tonnes=100_000.0,
                    husbandry_ok=True if b else None,
                )
                lots.append(lot)
        for r in range(10):
            receiver = add_farm(session, f"Ontvanger {r:02d}", PROVINCES[r % 5], area_ha=5000.0)
            requests += [
                add_request(session, receiver, n_kg=1_000_000.0)
                for _ in range(REQUESTS_PER_RECEIVER)
            ]
        run = add_run(session, status=RunStatus.SOLVED, phase=RunPhase.DONE, components_total=1)
        pairs = [(lot, request) for lot in lots for request in requests][:proposals]
        for i, (lot, request) in enumerate(pairs):
            tonnes = 10.0 + (i * 37) % 90
            add_proposal(
                session,
                run,
                lot.id,
                request.id,
                tonnes,
                distance_km=5.0 + (i * 13) % 80,
                cost_eur=tonnes * 0.15 * (5.0 + (i * 13) % 80),
                review_status=ReviewStatus.PROPOSED,
            )
        session.commit()
        return BigRun(run.id, len(pairs))
