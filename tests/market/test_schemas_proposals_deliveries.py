"""The schemas of the proposals and deliveries areas: their limits, defaults and codes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.deliveries.schemas import DeliveryInput, OverviewQuery, Weighing
from market.proposals.schemas import AdjustInput

WEIGHED = {"delivered_on": "2026-03-12", "weighed_tonnes": "118,4"}


def codes(model: type[BaseModel], data: dict[str, Any], locale: str | None) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        parse(model, data, locale=locale)
    return {field: error.code for field, error in refused.value.errors.items()}


def test_tonnes_are_read_in_the_coordinators_locale() -> None:
    assert parse(AdjustInput, {"tonnes": "1.200"}, locale="nl").tonnes == 1200.0
    assert parse(AdjustInput, {"tonnes": "100,5"}, locale="nl").tonnes == 100.5
    assert parse(AdjustInput, {"tonnes": "100.5"}, locale="en").tonnes == 100.5


@pytest.mark.parametrize(
    ("data", "locale", "code"),
    [
        ({"tonnes": 0}, None, "number_above"),
        ({"tonnes": "100"}, None, "number"),  # JSON: a string is not a number
        ({"tonnes": "120.0"}, "nl", "number_format"),
        ({}, None, "required"),
    ],
)
def test_refused_tonnes_carry_their_code(
    data: dict[str, Any], locale: str | None, code: str
) -> None:
    assert codes(AdjustInput, data, locale) == {"tonnes": code}


def test_unknown_fields_of_an_adjustment_are_refused() -> None:
    assert codes(AdjustInput, {"tonnes": 5, "tons": 5}, None) == {"tons": "unknown_field"}


def test_a_weighing_leaves_contents_and_papers_to_the_lot_when_blank() -> None:
    weighed = parse(Weighing, {**WEIGHED, "transport_document_no": "  "}, locale="nl")
    assert (weighed.delivered_on, weighed.weighed_tonnes) == (date(2026, 3, 12), 118.4)
    assert weighed.n_kg_per_t is None and weighed.transport_document_no is None


def test_a_weighing_keeps_the_engines_content_limits_and_short_papers() -> None:
    data = {**WEIGHED, "n_kg_per_t": "1400", "k2o_kg_per_t": "-1", "sample_analysis_ref": "x" * 101}
    assert codes(Weighing, data, "nl") == {
        "n_kg_per_t": "number_range",
        "k2o_kg_per_t": "number_range",
        "sample_analysis_ref": "text_length",
    }


def test_the_api_names_the_proposal_it_delivers() -> None:
    body = {"delivered_on": "2026-03-12", "weighed_tonnes": 2.0}
    assert codes(DeliveryInput, body, None) == {"proposal_id": "required"}
    assert codes(DeliveryInput, {**body, "proposal_id": 2**31}, None) == {
        "proposal_id": "whole_number_range"
    }
    assert parse(DeliveryInput, {**body, "proposal_id": 7}).proposal_id == 7


def test_the_overview_query_reads_its_form() -> None:
    query = parse(OverviewQuery, {"farm": "12", "year": "2026", "as": "csv"}, locale="nl")
    assert (query.farm, query.year, query.paper) == (12, 2026, "csv")
    assert parse(OverviewQuery, {}, locale="nl").paper == "pdf"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"year": "1999"}, {"year": "whole_number_range"}),
        ({"year": "2026,5"}, {"year": "whole_number"}),
        ({"farm": "0"}, {"farm": "whole_number_range"}),
        ({"as": "xlsx"}, {"as": "choice_unknown"}),
    ],
)
def test_a_wrong_overview_choice_is_refused_naming_the_field(
    data: dict[str, str], code: dict[str, str]
) -> None:
    assert codes(OverviewQuery, data, "nl") == code
