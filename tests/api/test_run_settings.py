"""A run's valuation settings in the API (docs/api.md, "Fields added on 2026-11-30"): the
answers carry the outlet cost and load prices the run was started with, and load prices
without whole loads are refused on their field."""

from __future__ import annotations

import pytest

from tests.api.conftest import Call


def test_a_runs_outlet_and_load_prices_are_answered(call: Call) -> None:
    body = {"outlet_eur_per_t": 12.5, "loads": True, "eur_per_load": 80, "eur_per_load_km": 4.5}
    started = call("coordinator", "POST", "/runs", json=body)
    assert started.status_code == 201
    expected = {
        "region": None,
        "from": None,
        "until": None,
        "outlet_eur_per_t": 12.5,
        "loads": {"eur_per_load": 80.0, "eur_per_load_km": 4.5},
    }
    assert started.get_json()["scope"] == expected
    read = call("coordinator", "GET", f"/runs/{started.get_json()['id']}")
    assert read.get_json()["scope"] == expected


def test_a_plain_run_answers_no_valuation(call: Call) -> None:
    started = call("coordinator", "POST", "/runs", json={"region": "Zeeland"})
    read = call("coordinator", "GET", f"/runs/{started.get_json()['id']}")
    assert read.get_json()["scope"] == {"region": "Zeeland", "from": None, "until": None}


@pytest.mark.parametrize("field", ["eur_per_load", "eur_per_load_km"])
def test_load_prices_without_whole_loads_are_refused(call: Call, field: str) -> None:
    refused = call("coordinator", "POST", "/runs", json={field: 4.5})
    assert refused.status_code == 422
    errors = refused.get_json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert "whole truck loads" in errors[0]["detail"]
