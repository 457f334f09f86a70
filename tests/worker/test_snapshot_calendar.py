"""The run's instance carries issue 11's fields: each lot's outlet cost and window, each
request's window narrowed to the legal spreading period, and whole loads when the run has
them (`worker.mapping`, `worker.documents`, `matching.rules.calendar`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

import matching
from matching.engine import solve_instance
from tests.factories import DAY, add_farm, add_lot, add_request, small_market
from worker.mapping import build_snapshot, instance_document

POLICY = {
    "n_cap_kg_per_ha": 170.0,
    "a_share_min": 0.7,
    "n_value_eur_per_kg": 2.0,
    "transport_eur_per_t_km": 0.15,
    "road_factor": 1.3,
    "max_distance_km": 150.0,
}
EVERYWHERE: dict[str, Any] = {"region": None, "from": None, "until": None}
FEBRUARY: dict[str, Any] = {
    "available_from": date(2027, 2, 1),
    "available_until": date(2027, 2, 20),
}


def instance(db: Session, scope: dict[str, Any] = EVERYWHERE) -> dict[str, Any]:
    doc = instance_document(build_snapshot(db, scope, POLICY, DAY))
    matching.validate_instance(doc)
    return doc


def by_kind(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {lot["kind"]: lot for lot in doc["lots"]}


def test_outlets_come_from_the_lot_the_run_or_the_kind(db: Session) -> None:
    lot, _ = small_market(db)
    add_lot(db, lot.farm, "pig_slurry", outlet_eur_per_t=9.0)
    add_lot(db, lot.farm, "green_compost")
    plain = by_kind(instance(db))
    assert [plain[kind]["outlet_eur_per_t"] for kind in plain] == [14.0, 9.0, 0.0]
    run = by_kind(instance(db, {**EVERYWHERE, "outlet_eur_per_t": 3.0}))
    assert [run[kind]["outlet_eur_per_t"] for kind in run] == [3.0, 9.0, 3.0]


def test_lots_carry_their_window(db: Session) -> None:
    lot, _ = small_market(db)
    add_lot(db, lot.farm, "cattle_solid", **FEBRUARY)
    lots = by_kind(instance(db))
    assert (lots["cattle_slurry"]["available_from"], lots["cattle_slurry"]["available_until"]) == (
        "2026-11-01",
        None,
    )
    assert lots["cattle_solid"]["available_until"] == "2027-02-20"


def test_a_request_is_narrowed_to_its_next_legal_period(db: Session) -> None:
    """Run day 24 Nov 2026, slurry offered, request on arable clay wanted from 1 Nov 2026
    open-ended: slurry may be spread there from 16 Mar to 31 Jul 2027."""
    _, request = small_market(db)
    request.land_use = "arable_clay_peat"
    [doc] = instance(db)["requests"]
    assert (doc["wanted_from"], doc["wanted_until"]) == ("2027-03-16", "2027-07-31")


def test_only_offered_classes_narrow_a_request(db: Session) -> None:
    """The same request with solid manure alone on offer: all year on arable clay, so the
    window is the request's own from the run day."""
    lot, request = small_market(db)
    request.land_use = "arable_clay_peat"
    lot.kind = "cattle_solid"
    [doc] = instance(db)["requests"]
    assert (doc["wanted_from"], doc["wanted_until"]) == (DAY.isoformat(), None)


def test_a_request_without_a_legal_day_gets_a_window_before_every_lot(db: Session) -> None:
    _, request = small_market(db)
    request.wanted_until = date(2027, 1, 31)  # slurry on arable land starts 16 Mar
    doc = instance(db)
    [request_doc] = doc["requests"]
    assert request_doc["wanted_from"] == request_doc["wanted_until"] == "2026-10-31"
    assert solve_instance(doc)["flows"] == []


def test_the_calendar_closes_the_arc_for_slurry_and_not_for_solid_manure(db: Session) -> None:
    """A lot available 1-20 Feb 2027 and a request on arable clay for solid manure and one
    for slurry: solid manure may go all year there, slurry only from 16 March."""
    livestock = add_farm(db, "De Hoeve", measured_own_manure_n_kg=3000.0)
    arable = add_farm(db, "Akkerbouw Kampen", lat=52.56, lon=5.91)
    slurry = add_lot(db, livestock, "cattle_slurry", tonnes=100.0, **FEBRUARY)
    solid = add_lot(db, livestock, "cattle_solid", tonnes=100.0, **FEBRUARY)
    for kind in ("cattle_slurry", "cattle_solid"):
        add_request(db, arable, 4000.0, [kind], land_use="arable_clay_peat")
    solution = solve_instance(instance(db))
    left = {lot["id"]: lot["left_t"] for lot in solution["lots"]}
    assert {flow["lot"] for flow in solution["flows"]} == {f"L{solid.id}"}
    assert left[f"L{slurry.id}"] == 100.0


def test_whole_loads_give_params_and_each_lot_its_trucks_tonnes(db: Session) -> None:
    lot, _ = small_market(db)
    add_lot(db, lot.farm, "cattle_solid")
    loads = {"eur_per_load": 80.0, "eur_per_load_km": 4.0}
    doc = instance(db, {**EVERYWHERE, "loads": loads})
    assert doc["params"]["loads"] == {"capacity_t": 30.0, **loads}
    assert [x["load_t"] for x in doc["lots"]] == [30.0, 25.0]
    assert "loads" not in instance(db)["params"]
    assert all("load_t" not in x for x in instance(db)["lots"])
