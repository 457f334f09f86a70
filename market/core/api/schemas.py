"""The JSON shapes of the API, as JSON Schema (OpenAPI 3.1), next to nothing else.

The OpenAPI document, the reference page and the top-level body check (`http.json_body`) all
read these, and the serialisers (`serialize.py`) build exactly these fields, which the
schemathesis test holds them to. Quantities carry their unit in the name, as in the database.
"""

from __future__ import annotations

from typing import Any

from market.models import LOT_KINDS, TOKEN_SCOPES, FarmStatus, ListingStatus
from market.models.enums import BOKASHI_GRADES, FarmerResponse, ReviewStatus, RunPhase, RunStatus
from market.runs.services.runs import PROVINCES

Schema = dict[str, Any]
ID = {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
STATUSES = [status.value for status in FarmStatus]


def t(kind: str, nullable: bool = False, **extra: Any) -> Schema:
    """A property of JSON type `kind`; nullable ones also accept null."""
    return {"type": [kind, "null"] if nullable else kind, **extra}


def enum(values: Any, nullable: bool = False) -> Schema:
    choices = [str(value) for value in values]
    return {
        "type": ["string", "null"] if nullable else "string",
        "enum": [*choices, None] if nullable else choices,
    }


def date(nullable: bool = False) -> Schema:
    return t("string", nullable, format="date")


def stamp(nullable: bool = False) -> Schema:
    return t("string", nullable, format="date-time")


def obj(properties: Schema, required: list[str] | None = None, **extra: Any) -> Schema:
    """An object; without `required` every property is required (what responses promise)."""
    needed = list(properties) if required is None else required
    return {
        "type": "object",
        "properties": properties,
        "required": needed,
        "additionalProperties": False,
        **extra,
    }


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def page_of(name: str) -> Schema:
    return obj(
        {
            "items": {"type": "array", "items": ref(name)},
            "page": ID,
            "per_page": ID,
            "total": t("integer", minimum=0),
        }
    )


LOT_INPUT: Schema = {
    "kind": enum(LOT_KINDS),
    "tonnes": t("number", exclusiveMinimum=0),
    "n_kg_per_t": t("number", True, minimum=0, maximum=100),
    "p2o5_kg_per_t": t("number", True, minimum=0),
    "k2o_kg_per_t": t("number", True, minimum=0),
    "analysed_on": date(True),
    "origin_status": enum(STATUSES, True),
    **{
        flag: t("boolean", True)
        for flag in (
            "husbandry_ok",
            "direct_from_organic_farm",
            "manure_organic",
            "coproducts_annex_ii",
            "skal_input_list",
            "intermediary_skal_approved",
        )
    },
    "manure_share": t("number", True, minimum=0, maximum=1),
    "coproducts_organic_share": t("number", True, minimum=0, maximum=1),
    "made_from": enum(BOKASHI_GRADES, True),
    "available_from": date(),
    "available_until": date(True),
    "max_distance_km": t("number", True, minimum=0),
    "lat": t("number", True, minimum=-90, maximum=90),
    "lon": t("number", True, minimum=-180, maximum=180),
    "intermediary_name": t("string", True, maxLength=200),
    "intermediary_valid_until": date(True),
}
LOT: Schema = {
    "id": ID,
    "farm_id": ID,
    **LOT_INPUT,
    "n_kg_per_t": t("number"),
    "p2o5_kg_per_t": t("number"),
    "k2o_kg_per_t": t("number"),
    "origin_status": enum(STATUSES),
    "analysis_source": enum(["measured", "standard"]),
    "category": enum(["A", "A/B", "B", "C"]),
    "a_fraction": t("number"),
    "status": enum(s.value for s in ListingStatus),
    "version": ID,
    "created_at": stamp(),
    "updated_at": stamp(),
}
REQUEST_INPUT: Schema = {
    "n_kg": t("number", exclusiveMinimum=0),
    "kinds": {"type": ["array", "null"], "items": enum(LOT_KINDS), "uniqueItems": True},
    "accept_nonorganic": t("boolean"),
    "max_distance_km": t("number", True, minimum=0),
    "wanted_from": date(),
    "wanted_until": date(True),
}
REQUEST: Schema = {
    "id": ID,
    "farm_id": ID,
    **REQUEST_INPUT,
    "status": enum(s.value for s in ListingStatus),
    "version": ID,
    "created_at": stamp(),
    "updated_at": stamp(),
}
FARM_INPUT: Schema = {
    "name": t("string", maxLength=200, minLength=1),
    "skal_number": t("string", True, maxLength=32),
    "status": enum(STATUSES),
    "own_manure_status": enum(STATUSES),
    "lat": t("number", minimum=-90, maximum=90),
    "lon": t("number", minimum=-180, maximum=180),
    "province": enum(PROVINCES),
    "address": t("string", maxLength=300),
    "area_ha": t("number", minimum=0),
    "measured_own_manure_n_kg": t("number", True, minimum=0),
    "other_n_kg": t("number", minimum=0),
    "other_a_n_kg": t("number", minimum=0),
    "p2o5_room_kg": t("number", True, minimum=0),
    "a_share_min_exemption": t("number", True, minimum=0, maximum=1),
    "a_share_exemption_valid_until": date(True),
}
FARM: Schema = {
    "id": ID,
    **FARM_INPUT,
    "address": t("string"),
    "approved": t("boolean"),
    "own_manure_n_kg": t("number"),
    "created_at": stamp(),
}
PROGRESS: Schema = obj(
    {
        "status": enum(s.value for s in RunStatus),
        "phase": enum(p.value for p in RunPhase),
        "percent": t("integer", minimum=0, maximum=100),
        "elapsed_s": t("integer", minimum=0),
        "finished": t("boolean"),
    }
)
RUN_INPUT: Schema = {"region": enum(PROVINCES, True), "start": date(True), "until": date(True)}
RUN: Schema = {
    "id": ID,
    "created_by_id": t("integer", True),
    "status": enum(s.value for s in RunStatus),
    "phase": enum(p.value for p in RunPhase),
    "scope": obj({"region": t("string", True), "from": date(True), "until": date(True)}),
    "solver": t("string"),
    "gap": t("number"),
    "time_limit_s": t("number", True),
    "objective_eur": t("number", True),
    "bound_eur": t("number", True),
    "error_text": t("string", True),
    "components_total": t("integer"),
    "components_done": t("integer"),
    "stats": t("object", True),
    "progress": PROGRESS,
    "created_at": stamp(),
    "started_at": stamp(True),
    "finished_at": stamp(True),
}
PROPOSAL: Schema = {
    "id": ID,
    "run_id": ID,
    "lot_id": ID,
    "request_id": ID,
    "supplier_farm_id": ID,
    "receiver_farm_id": ID,
    **{
        name: t("number", minimum=0)
        for name in ("tonnes", "n_kg", "a_n_kg", "animal_n_kg", "distance_km", "cost_eur")
    },
    "lot_version": ID,
    "request_version": ID,
    "review_status": enum(s.value for s in ReviewStatus),
    "supplier_response": enum(r.value for r in FarmerResponse),
    "receiver_response": enum(r.value for r in FarmerResponse),
    "reviewed_by_id": t("integer", True),
    "reviewed_at": stamp(True),
    "stale": t("boolean"),
    "created_at": stamp(),
}
PAPERS = (
    "sample_analysis_ref",
    "transport_document_no",
    "intermediary_name",
    "declaration_of_origin_no",
)
DELIVERY_INPUT: Schema = {
    "proposal_id": ID,
    "delivered_on": date(),
    "weighed_tonnes": t("number", exclusiveMinimum=0),
    "n_kg_per_t": t("number", True, minimum=0, maximum=100),
    "p2o5_kg_per_t": t("number", True, minimum=0),
    "k2o_kg_per_t": t("number", True, minimum=0),
    **{paper: t("string", True, maxLength=100) for paper in PAPERS},
}
DELIVERY: Schema = {
    "id": ID,
    "proposal_id": t("integer", True),
    "lot_id": t("integer", True),
    "supplier_farm_id": ID,
    "receiver_farm_id": ID,
    "kind": enum(LOT_KINDS),
    "category": enum(["A", "A/B", "B", "C"]),
    "a_fraction": t("number"),
    "organic_manure": t("boolean"),
    "animal_fraction": t("number"),
    "delivered_on": date(),
    "weighed_tonnes": t("number"),
    "n_kg_per_t": t("number"),
    "p2o5_kg_per_t": t("number"),
    "k2o_kg_per_t": t("number"),
    "n_kg": t("number"),
    **{paper: t("string", True) for paper in PAPERS},
    "created_at": stamp(),
}
PROBLEM: Schema = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": t("string"),
        "title": t("string"),
        "status": t("integer"),
        "detail": t("string"),
        "instance": t("string"),
        "errors": {
            "type": "array",
            "items": obj({"field": t("string"), "pointer": t("string"), "detail": t("string")}),
        },
    },
}
ME: Schema = {
    "id": ID,
    "role": t("string"),
    "farm_id": t("integer", True),
    "token_scope": enum(TOKEN_SCOPES),
}
DOCUMENT = {
    "type": "object",
    "required": ["format"],
    "properties": {"format": t("string")},
    "description": "A document in the formats of INSTANCE.md (mestmatch/…@1).",
}

SCHEMAS: dict[str, Schema] = {
    "Problem": PROBLEM,
    "Me": obj(ME),
    "Farm": obj(FARM),
    "FarmPatch": obj(FARM_INPUT, required=[], minProperties=1),
    "Lot": obj(LOT),
    "LotInput": obj(LOT_INPUT, required=["kind", "tonnes", "available_from"]),
    "LotPatch": obj(LOT_INPUT, required=[], minProperties=1),
    "LotPage": page_of("Lot"),
    "Request": obj(REQUEST),
    "RequestInput": obj(REQUEST_INPUT, required=["n_kg", "wanted_from"]),
    "RequestPatch": obj(REQUEST_INPUT, required=[], minProperties=1),
    "RequestPage": page_of("Request"),
    "Run": obj(RUN),
    "RunInput": obj(RUN_INPUT, required=[]),
    "RunPage": page_of("Run"),
    "Proposal": obj(PROPOSAL),
    "ProposalPage": page_of("Proposal"),
    "ProposalAdjust": obj({"tonnes": t("number", exclusiveMinimum=0)}),
    "Delivery": obj(DELIVERY),
    "DeliveryInput": obj(
        DELIVERY_INPUT, required=["proposal_id", "delivered_on", "weighed_tonnes"]
    ),
    "DeliveryPage": page_of("Delivery"),
    "Document": DOCUMENT,
}
