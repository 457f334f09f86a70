"""Statements of non-availability: which lot serves a request by the engine's arc rules
(inclusive limits, the intermediary's last valid day, digestate with organic manure), and
the numbered record on both databases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from market.core.validation import ValidationError
from market.deliveries.services.statements import availability, issue_statement
from market.models import Farm, FarmStatus, ListingStatus, Request
from matching.rules import great_circle_km
from tests.factories import add_farm, add_lot, add_request

ON = date(2026, 11, 30)
POLICY = {"road_factor": 1.3, "max_distance_km": 150.0}
PERIOD = {"available_from": date(2026, 11, 1)}


def market(db: Session, **request: Any) -> tuple[Farm, Request]:
    """A supplier east of the receiver (Zwolle) and the receiver's open request."""
    supplier = add_farm(db, "De Hoeve", lat=52.51, lon=6.4)
    receiver = add_farm(db, "De Es")
    values: dict[str, Any] = {"max_distance_km": None, "wanted_from": ON, **request}
    return supplier, add_request(db, receiver, **values)


def road_km(supplier: Farm, request: Request) -> float:
    there = (request.farm.lat, request.farm.lon)
    return POLICY["road_factor"] * great_circle_km((supplier.lat, supplier.lon), there)


def codes(db: Session, request: Request) -> list[list[str]]:
    found = availability(db, request, POLICY, ON)
    return [[reason["code"] for reason in lot["reasons"]] for lot in found.lots]


def test_a_limit_equal_to_the_distance_is_within_reach(db: Session) -> None:
    supplier, request = market(db)
    km = road_km(supplier, request)
    add_lot(db, supplier, max_distance_km=km, **PERIOD)  # the very km the rules measure
    assert codes(db, request) == [[]]
    request.max_distance_km = km - 0.1
    assert codes(db, request) == [["too_far"]]


def test_the_intermediarys_last_valid_day_still_counts(db: Session) -> None:
    supplier, request = market(db)
    lot = add_lot(
        db,
        supplier,
        intermediary_name="Mest BV",
        intermediary_skal_approved=True,
        intermediary_valid_until=ON,
        **PERIOD,
    )
    assert codes(db, request) == [[]]
    lot.intermediary_skal_approved = False
    assert codes(db, request) == [["intermediary"]]


def test_digestate_with_organic_manure_is_organic_manure_any_kind_accepted(db: Session) -> None:
    supplier, request = market(db, kinds=None)
    add_lot(db, supplier, "digestate", manure_organic=True, coproducts_annex_ii=True, **PERIOD)
    add_lot(db, supplier, "digestate", manure_organic=True, **PERIOD)  # co-products not Annex II
    add_lot(db, supplier, "mineral_n", **PERIOD)  # no manure: not considered
    assert codes(db, request) == [[], ["not_placeable"]]


def test_a_statement_is_numbered_and_kept_with_every_lot_considered(db: Session) -> None:
    supplier, request = market(db, kinds=["cattle_solid"])
    add_lot(db, supplier, "cattle_slurry", **PERIOD)
    add_lot(db, supplier, "cattle_solid", origin=FarmStatus.CONVENTIONAL, **PERIOD)
    first = issue_statement(db, request, POLICY, ON, None).statement
    db.expire_all()
    assert (first.number, first.year, first.serial) == ("VNB-2026-000001", 2026, 1)
    assert [lot["reasons"][0]["code"] for lot in first.lots] == ["kind_not_accepted", "not_organic"]
    assert first.terms["kinds"] == ["cattle_solid"] and first.issued_on == ON


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (ListingStatus.OPEN, "organic_available"),
        (ListingStatus.WITHDRAWN, "statement_request_closed"),
    ],
)
def test_no_statement_when_organic_manure_serves_or_the_request_is_closed(
    db: Session, status: ListingStatus, code: str
) -> None:
    supplier, request = market(db)
    add_lot(db, supplier, **PERIOD)
    request.status = status
    with pytest.raises(ValidationError) as refused:
        issue_statement(db, request, POLICY, ON, None)
    assert refused.value.errors["request_id"].code == code
