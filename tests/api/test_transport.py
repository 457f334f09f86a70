"""The transport export through the API: a year's records (JSON and CSV) and one delivery's,
each farm its own, a coordinator all, in the OpenAPI document."""

from __future__ import annotations

from flask import Flask

from market.models import Delivery, Farm
from tests.api.conftest import Call, World
from tests.conftest import state


def test_a_farm_gets_its_years_records_with_the_vdm_fields(
    api_app: Flask, call: Call, world: World
) -> None:
    with state(api_app).session_factory() as session:
        session.get_one(Delivery, world.delivery).manure_code = "14"
        session.get_one(Farm, world.farms["livestock"]).rvo_relation_number = "123456789"
        session.commit()
    answer = call("livestock", "GET", "/deliveries/transport", query_string={"year": "2026"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    [record] = [item for item in body["items"] if item["delivery_id"] == world.delivery]
    assert (body["year"], record["manure_code"], record["weighed_tonnes"]) == (2026, "14", 48.0)
    assert record["supplier"]["rvo_relation_number"] == "123456789"
    assert record["receiver"]["farm_id"] == world.farms["arable"]
    assert record["n_kg"] == 211.2 and record["delivered_on"] == "2026-11-02"  # 48 t × 4.4
    assert {"carrier", "carrier_relation_number", "vehicle", "p2o5_kg"} <= set(record)
    one = call("arable", "GET", f"/deliveries/{world.delivery}/transport").get_json()
    assert one == record


def test_only_the_parties_and_coordinators_see_a_record(call: Call, world: World) -> None:
    def ids(role: str) -> set[int]:
        items = call(role, "GET", "/deliveries/transport?year=2026").get_json()["items"]
        return {item["delivery_id"] for item in items}

    assert world.delivery in ids("coordinator") and world.delivery in ids("arable")
    assert ids("other") == set()
    assert ids("livestock") == ids("coordinator")
    assert call("livestock", "GET", "/deliveries/transport?year=2025").get_json()["items"] == []


def test_a_bad_year_is_a_400_naming_it(call: Call) -> None:
    answer = call("livestock", "GET", "/deliveries/transport?year=1999")
    assert answer.status_code == 400
    assert [error["field"] for error in answer.get_json()["errors"]] == ["year"]


def test_the_csv_follows_accept_language(call: Call, world: World) -> None:
    dutch = call(
        "livestock",
        "GET",
        "/deliveries/transport.csv?year=2026",
        headers={"Accept-Language": "nl"},
    )
    assert dutch.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    text = dutch.get_data(as_text=True)
    header, row = text.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith("Levering;") and "Mestcode" in header
    assert row.startswith(f"{world.delivery};") and ";211,2;" in row
    english = call("livestock", "GET", "/deliveries/transport.csv?year=2026")
    lines = english.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Delivery,VDM/CMR number,Date,Manure code,")
    assert ",211.2," in lines[1]


def test_the_document_describes_the_export(call: Call) -> None:
    paths = call("anonymous", "GET", "/openapi.json").get_json()["paths"]
    assert {"/deliveries/transport", "/deliveries/transport.csv"} <= set(paths)
    assert "text/csv" in paths["/deliveries/transport.csv"]["get"]["responses"]["200"]["content"]
    assert "/deliveries/{delivery_id}/transport" in paths
