"""Browse filters in the data layer: distance, category, period, organic, parsing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from market.core.validation import ValidationError
from market.listings.services.browse import Filters, filters_from, find_lots, great_circle_km
from market.listings.services.listings import create_lot
from tests.market.conftest import LOT_FORM, make_farm


def test_great_circle_distance_utrecht_groningen() -> None:
    assert great_circle_km((52.09, 5.12), (53.22, 6.57)) == pytest.approx(159.5, abs=1.0)
    assert great_circle_km((52.0, 5.0), (52.0, 5.0)) == 0.0


def test_lots_are_filtered_and_sorted_by_distance(sqlite_session: Session) -> None:
    near = make_farm(sqlite_session, lat=52.0, lon=5.0)
    far = make_farm(sqlite_session, name="Ver", lat=53.0, lon=6.5)
    create_lot(sqlite_session, far, LOT_FORM)
    create_lot(
        sqlite_session,
        near,
        {**LOT_FORM, "origin_status": "conventional", "available_from": date(2027, 5, 1)},
    )
    home = (52.0, 5.0)
    hits = find_lots(sqlite_session, Filters(), home)
    assert [hit.listing.farm.name for hit in hits] == ["De Eikenhof", "Ver"]
    assert [hit.category for hit in hits] == ["C", "A"]
    assert [h.listing.farm.name for h in find_lots(sqlite_session, Filters(max_km=50), home)] == [
        "De Eikenhof"
    ]
    assert len(find_lots(sqlite_session, Filters(category="A"), home)) == 1
    assert len(find_lots(sqlite_session, Filters(organic=True), home)) == 1
    assert len(find_lots(sqlite_session, Filters(end=date(2027, 1, 1)), home)) == 1


def test_filters_are_parsed_from_the_query_string() -> None:
    filters = filters_from(
        {"kind": "champost", "max_km": "25", "organic": True, "start": "2027-01-01", "category": ""}
    )
    assert filters == Filters(kind="champost", max_km=25.0, organic=True, start=date(2027, 1, 1))
    with pytest.raises(ValidationError) as refused:
        filters_from({"kind": "lava", "category": "Z", "start": "morgen"})
    assert set(refused.value.errors) == {"kind", "category", "start"}
