"""Browse filters: distance, category, period, organic in the data layer; their schema."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.listings.filters import BrowseFilter
from market.listings.schemas import LotInput
from market.listings.services.browse import find_lots, great_circle_km
from market.listings.services.listings import create_lot
from tests.factories import add_farm as make_farm
from tests.market.conftest import LOT_FORM


def test_great_circle_distance_utrecht_groningen() -> None:
    assert great_circle_km((52.09, 5.12), (53.22, 6.57)) == pytest.approx(159.5, abs=1.0)
    assert great_circle_km((52.0, 5.0), (52.0, 5.0)) == 0.0


def test_lots_are_filtered_and_sorted_by_distance(sqlite_session: Session) -> None:
    near = make_farm(sqlite_session, lat=52.0, lon=5.0)
    far = make_farm(sqlite_session, name="Ver", lat=53.0, lon=6.5)
    create_lot(sqlite_session, far, LotInput(**LOT_FORM))
    create_lot(
        sqlite_session,
        near,
        LotInput(
            **{**LOT_FORM, "origin_status": "conventional", "available_from": date(2027, 5, 1)}
        ),
    )
    home = (52.0, 5.0)
    hits = find_lots(sqlite_session, BrowseFilter(), home)
    assert [hit.listing.farm.name for hit in hits] == ["De Eikenhof", "Ver"]
    assert [hit.category for hit in hits] == ["C", "A"]
    assert [
        h.listing.farm.name for h in find_lots(sqlite_session, BrowseFilter(max_km=50), home)
    ] == ["De Eikenhof"]
    assert len(find_lots(sqlite_session, BrowseFilter(category="A"), home)) == 1
    assert len(find_lots(sqlite_session, BrowseFilter(organic=True), home)) == 1
    assert len(find_lots(sqlite_session, BrowseFilter(end=date(2027, 1, 1)), home)) == 1


def test_filters_are_read_from_the_query_string() -> None:
    query = {"kind": "champost", "max_km": "2,5", "organic": True, "start": "2027-01-01"}
    filters = parse(BrowseFilter, {**query, "category": None}, locale="nl")
    assert filters == BrowseFilter(
        kind="champost", max_km=2.5, organic=True, start=date(2027, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        parse(BrowseFilter, {"kind": "lava", "category": "Z", "start": "morgen"}, locale="nl")
    assert set(refused.value.errors) == {"kind", "category", "start"}
