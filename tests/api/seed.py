"""Seed rows and documents for the API tests (plain functions, like the other factories)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from market.models import (
    AnalysisSource,
    Delivery,
    Farm,
    FarmerResponse,
    FarmStatus,
    Lot,
    Proposal,
    Request,
)

INSTANCE: dict[str, Any] = {
    "format": "mestmatch/instance@1",
    "date": "2026-11-24",
    "params": {
        "n_cap_kg_per_ha": 170,
        "a_share_min": 0.7,
        "n_value_eur_per_kg": 2.0,
        "transport_eur_per_t_km": 0.15,
        "road_factor": 1.3,
        "max_distance_km": 150,
        "min_delivery_t": None,
    },
    "farms": [],
    "lots": [],
    "requests": [],
    "distances": [],
}
SOLUTION: dict[str, Any] = {
    "format": "mestmatch/solution@1",
    "status": "optimal",
    "objective": 0.0,
    "bound": 0.0,
    "flows": [],
    "lots": [],
    "requests": [],
    "farms": [],
    "stats": {
        "solver": "highs",
        "variables": 0,
        "constraints": 0,
        "components": 1,
        "build_s": 0.0,
        "solve_s": 0.0,
        "total_s": 0.0,
    },
}
LOT_BODY: dict[str, Any] = {
    "kind": "cattle_slurry",
    "tonnes": 200,
    "n_kg_per_t": 4.4,
    "available_from": "2026-12-01",
}
REQUEST_BODY: dict[str, Any] = {"n_kg": 3000, "kinds": None, "wanted_from": "2027-02-15"}


def seed_listings(session: Session, supplier: Farm, receiver: Farm) -> tuple[Lot, Request]:
    """500 t of organic cattle slurry, and a request for 40 000 kg N of any kind."""
    lot = Lot(
        farm=supplier,
        kind="cattle_slurry",
        tonnes=500.0,
        n_kg_per_t=4.4,
        p2o5_kg_per_t=1.5,
        k2o_kg_per_t=5.9,
        origin_status=FarmStatus.ORGANIC,
        analysis_source=AnalysisSource.MEASURED,
        available_from=date(2026, 1, 1),
    )
    request = Request(
        farm=receiver,
        n_kg=40_000.0,
        kinds=None,
        accept_nonorganic=True,
        wanted_from=date(2026, 1, 1),
    )
    session.add_all([lot, request])
    session.flush()
    return lot, request


def seed_delivery(session: Session, proposal: Proposal) -> int:
    """Both farms accept `proposal`, and 48 t of it were weighed and delivered."""
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
        declaration_of_origin_no="VVH-2026-000001",
    )
    session.add(delivery)
    session.flush()
    return delivery.id
