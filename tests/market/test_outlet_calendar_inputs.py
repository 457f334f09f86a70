"""The new inputs of issue 11: a lot's own outlet cost, a request's land use, a run's outlet
and whole loads, read as pages and the API read them (Dutch numbers on the pages)."""

from __future__ import annotations

from typing import Any

import pytest

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.listings.schemas import LotInput, RequestInput
from market.runs.schemas import RunScope, StoredScope
from tests.market.conftest import LOT_FORM, REQUEST_FORM

REQUEST = {**REQUEST_FORM, "land_use": "grassland_clay_peat"}


def refused(model: Any, data: dict[str, Any], locale: str | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse(model, data, locale=locale)
    return {field: error.code for field, error in caught.value.errors.items()}


@pytest.mark.parametrize(
    ("locale", "text", "value"), [("nl", "12,5", 12.5), ("nl", "1.000", 1000.0), ("en", "0", 0.0)]
)
def test_a_lot_reads_its_outlet_in_the_visitors_locale(
    locale: str, text: str, value: float
) -> None:
    lot = parse(LotInput, {**LOT_FORM, "outlet_eur_per_t": text}, locale=locale)
    assert lot.outlet_eur_per_t == value


def test_a_lot_without_an_outlet_leaves_it_to_the_run_or_the_kind() -> None:
    assert parse(LotInput, LOT_FORM).outlet_eur_per_t is None


@pytest.mark.parametrize(("text", "code"), [("1.200,5", "number_max"), ("-1", "number_min")])
def test_an_outlet_beyond_its_limits_is_refused(text: str, code: str) -> None:
    assert refused(LotInput, {**LOT_FORM, "outlet_eur_per_t": text}, "nl") == {
        "outlet_eur_per_t": code
    }


def test_a_new_request_must_name_a_known_land_use() -> None:
    assert parse(RequestInput, REQUEST).land_use == "grassland_clay_peat"
    without = {key: value for key, value in REQUEST_FORM.items() if key != "land_use"}
    assert refused(RequestInput, without) == {"land_use": "required"}
    assert refused(RequestInput, {**REQUEST_FORM, "land_use": "moon"}) == {
        "land_use": "choice_unknown"
    }


def test_a_run_stores_its_outlet_and_load_prices_read_in_dutch() -> None:
    form = {"outlet_eur_per_t": "7,5", "loads": True, "eur_per_load": "1.200,5"}
    scope = parse(RunScope, form, locale="nl")
    stored = scope.stored()
    assert stored == {
        "region": None,
        "from": None,
        "until": None,
        "outlet_eur_per_t": 7.5,
        "loads": {"eur_per_load": 1200.5, "eur_per_load_km": 4.5},
    }
    shown = StoredScope.model_validate(stored).model_dump(mode="json")
    assert shown["loads"] == stored["loads"] and shown["outlet_eur_per_t"] == 7.5


def test_a_plain_run_stores_no_valuation_and_prices_need_whole_loads() -> None:
    stored = parse(RunScope, {}).stored()
    assert stored == {"region": None, "from": None, "until": None}
    assert StoredScope.model_validate(stored).model_dump(mode="json") == stored
    assert refused(RunScope, {"eur_per_load": 50}) == {"eur_per_load": "prices_without_loads"}


def test_run_prices_beyond_their_limits_are_refused() -> None:
    data = {"loads": True, "eur_per_load": "20.000", "eur_per_load_km": "-1"}
    assert refused(RunScope, data, "nl") == {
        "eur_per_load": "number_max",
        "eur_per_load_km": "number_min",
    }
