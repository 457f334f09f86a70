"""Rows → instance document: what a run sees of the market, and how ids map back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

import matching
from market.models import (
    Delivery,
    FarmerResponse,
    FarmStatus,
    ListingStatus,
    Livestock,
    NaturalLandParcel,
    ReviewStatus,
)
from tests.factories import (
    DAY,
    add_delivery,
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    small_market,
)
from worker.documents import row_id
from worker.mapping import VERSIONS_KEY, build_snapshot, instance_document

POLICY = {
    "n_cap_kg_per_ha": 170.0,
    "a_share_min": 0.7,
    "n_value_eur_per_kg": 2.0,
    "transport_eur_per_t_km": 0.15,
    "road_factor": 1.3,
    "max_distance_km": 150.0,
}
EVERYWHERE = {"region": None, "from": None, "until": None}


def test_the_snapshot_is_a_valid_instance_with_listing_versions(db: Session) -> None:
    lot, request = small_market(db)
    lot.version = 3
    snapshot = build_snapshot(db, EVERYWHERE, POLICY, DAY)
    doc = instance_document(snapshot)
    matching.validate_instance(doc)
    assert VERSIONS_KEY not in doc and doc["date"] == DAY.isoformat()
    assert doc["params"] == {**POLICY, "min_delivery_t": None}
    assert snapshot[VERSIONS_KEY] == {"lots": {f"L{lot.id}": 3}, "requests": {f"R{request.id}": 1}}
    [lot_doc] = doc["lots"]
    assert (row_id(lot_doc["id"]), lot_doc["farm"]) == (lot.id, f"F{lot.farm_id}")
    assert lot_doc["origin"]["status"] == "organic" and lot_doc["tonnes"] == 1000.0
    assert sorted(farm["id"] for farm in doc["farms"]) == sorted(
        [f"F{lot.farm_id}", f"F{request.farm_id}"]
    )


def test_only_open_listings_of_approved_farms_in_the_region_and_period(db: Session) -> None:
    lot, request = small_market(db)
    pending = add_farm(db, "Nog niet goedgekeurd", approved=False)
    add_lot(db, pending)
    add_lot(db, lot.farm, status=ListingStatus.WITHDRAWN)
    add_lot(db, lot.farm, available_from=DAY + timedelta(days=200))
    add_lot(db, lot.farm, available_until=DAY - timedelta(days=1))
    add_request(db, add_farm(db, "Gangbaar", status=FarmStatus.CONVENTIONAL))
    add_request(db, add_farm(db, "Zeeuws", province="Zeeland", lat=51.5, lon=3.85))
    scope = {
        "region": "Overijssel",
        "from": DAY.isoformat(),
        "until": (DAY + timedelta(days=30)).isoformat(),
    }
    doc = build_snapshot(db, scope, POLICY, date(2020, 1, 1))
    assert [row_id(x["id"]) for x in doc["lots"]] == [lot.id]
    assert [row_id(x["id"]) for x in doc["requests"]] == [request.id]
    assert doc["date"] == DAY.isoformat()  # the period's start, not the day of the run


def test_listing_documents_carry_instance_md_fields_as_stored(db: Session) -> None:
    lot, request = small_market(db)
    doc = instance_document(build_snapshot(db, EVERYWHERE, POLICY, DAY))
    [lot_doc], [request_doc] = doc["lots"], doc["requests"]
    stored = ("kind", "tonnes", "n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t", "lat", "lon")
    windows = ("outlet_eur_per_t", "available_from", "available_until")
    assert set(lot_doc) == {
        "id",
        "farm",
        *stored,
        "max_distance_km",
        "origin",
        "intermediary",
        *windows,
    }
    assert [lot_doc[name] for name in stored] == [getattr(lot, name) for name in stored]
    assert request_doc == {
        "id": f"R{request.id}",
        "farm": f"F{request.farm_id}",
        "n_kg": request.n_kg,
        "kinds": request.kinds,
        "accept_nonorganic": request.accept_nonorganic,
        "max_distance_km": request.max_distance_km,
        "wanted_from": "2027-03-16",  # slurry on arable land: RVO's period, from the run day
        "wanted_until": "2027-07-31",
    }


def test_farm_facts_come_from_livestock_parcels_exemption_and_the_ledger(db: Session) -> None:
    lot, request = small_market(db)
    receiver = request.farm
    receiver.measured_own_manure_n_kg = None
    receiver.a_share_min_exemption, receiver.a_share_exemption_valid_until = 0.6, DAY
    db.add_all(
        [
            Livestock(farm=receiver, category="dairy_cow", head_count=10),
            NaturalLandParcel(farm=receiver, ha=5.0, n_limit_kg_per_ha=100.0),
            Delivery(
                lot=lot,
                supplier_farm_id=lot.farm_id,
                receiver_farm_id=receiver.id,
                kind="cattle_slurry",
                category="A",
                a_fraction=1.0,
                organic_manure=True,
                animal_fraction=1.0,
                delivered_on=DAY - timedelta(days=30),
                weighed_tonnes=10.0,
                n_kg_per_t=4.4,
            ),
        ]
    )
    db.flush()
    farms = {f["id"]: f for f in build_snapshot(db, EVERYWHERE, POLICY, DAY)["farms"]}
    facts = farms[f"F{receiver.id}"]
    assert facts["own_manure_n_kg"] == pytest.approx(10 * 96.1)
    assert facts["natural_land"] == [{"ha": 5.0, "n_limit_kg_per_ha": 100.0}]
    assert facts["a_share_min"] == 0.6
    assert farms[f"F{lot.farm_id}"]["exported_organic_this_year"] is True
    assert facts["exported_organic_this_year"] is False
    later = build_snapshot(db, EVERYWHERE, POLICY, DAY + timedelta(days=1))["farms"]
    assert {f["id"]: f for f in later}[f"F{receiver.id}"]["a_share_min"] is None  # expired


def test_an_intermediary_is_passed_on_for_the_engine_to_check(db: Session) -> None:
    lot, _ = small_market(db)
    lot.intermediary_name, lot.intermediary_skal_approved = "Mestbank Oost", True
    lot.intermediary_valid_until = date(2027, 3, 31)
    [lot_doc] = build_snapshot(db, EVERYWHERE, POLICY, DAY)["lots"]
    assert lot_doc["intermediary"] == {
        "name": "Mestbank Oost",
        "skal_approved": True,
        "valid_until": "2027-03-31",
    }


def test_a_run_offers_only_what_earlier_decisions_left_open(db: Session) -> None:
    """Approved proposals (any run) and deliveries hold their lot, request and farm; a
    declined one holds nothing; a fully held lot is left out of the next run."""
    lot, request = small_market(db)
    full = add_lot(db, lot.farm, tonnes=100.0)
    run = add_run(db)
    held = add_proposal(db, run, lot.id, request.id, 300.0, review_status=ReviewStatus.APPROVED)
    add_proposal(
        db,
        run,
        lot.id,
        add_request(db, request.farm, 500.0).id,
        200.0,
        review_status=ReviewStatus.APPROVED,
        supplier_response=FarmerResponse.DECLINED,
    )
    add_proposal(db, run, full.id, request.id, 100.0, review_status=ReviewStatus.APPROVED)
    add_proposal(db, add_run(db), lot.id, request.id, 50.0)  # still proposed: holds nothing
    add_delivery(db, held)  # 48 t weighed: less than the 300 t it holds
    doc = build_snapshot(db, EVERYWHERE, POLICY, DAY)
    lots = {row_id(x["id"]): x["tonnes"] for x in doc["lots"]}
    assert lots == {lot.id: pytest.approx(1000.0 - 300.0)}  # the 100 t lot is fully held
    requests = {row_id(x["id"]): x["n_kg"] for x in doc["requests"]}
    assert requests[request.id] == pytest.approx(4000.0 - 4.4 * 300 - 4.4 * 100)
    receiver = {f["id"]: f for f in doc["farms"]}[f"F{request.farm_id}"]
    # 48 t delivered in 2026 + the undelivered 252 t + the 100 t, all 4.4 kg N/t, all animal
    assert receiver["received_animal_n_kg"] == pytest.approx(4.4 * 400)
    assert receiver["other_n_kg"] == pytest.approx(4.4 * 400)
    assert receiver["imported_nonorganic_this_year"] is False
    supplier = {f["id"]: f for f in doc["farms"]}[f"F{lot.farm_id}"]
    assert supplier["exported_organic_this_year"] is True  # committed, not yet all delivered
    matching.validate_instance(instance_document(doc))


def test_pairs_the_market_refused_are_excluded_from_the_next_run(db: Session) -> None:
    """A rejected pair and a declined pair go to the engine as `excluded_pairs` (a rejection
    wins over a decline of the same pair); a proposal still open excludes nothing, and a
    pair whose request has left the market is not named."""
    lot, request = small_market(db)
    other = add_request(db, request.farm, 500.0)
    gone = add_request(db, request.farm, 300.0)
    run = add_run(db)
    add_proposal(db, run, lot.id, request.id, 10.0, review_status=ReviewStatus.REJECTED)
    declined = FarmerResponse.DECLINED
    add_proposal(db, add_run(db), lot.id, request.id, 10.0, receiver_response=declined)
    add_proposal(db, run, lot.id, other.id, 10.0, supplier_response=FarmerResponse.DECLINED)
    add_proposal(db, run, lot.id, gone.id, 10.0, review_status=ReviewStatus.REJECTED)
    gone.status = ListingStatus.WITHDRAWN
    add_proposal(db, add_run(db), lot.id, other.id, 10.0)  # still proposed: no refusal
    doc = instance_document(build_snapshot(db, EVERYWHERE, POLICY, DAY))
    assert doc["excluded_pairs"] == [
        {"lot": f"L{lot.id}", "request": f"R{request.id}", "reason": "rejected"},
        {"lot": f"L{lot.id}", "request": f"R{other.id}", "reason": "declined"},
    ]
    matching.validate_instance(doc)
    solution = matching.solve_instance(doc)
    assert solution["flows"] == []  # the lot's only receivers refused it
