"""The API shapes of the areas not yet on schemas (accounts, proposals, deliveries),
as JSON Schema dicts, with the top-level body check they still use (`legacy_body`).

This module is the bridge: each area that moves to pydantic schemas (`docs/schemas.md`)
takes its entries out, and the module goes with the last one. The OpenAPI document adds
these to the pydantic-generated components; the serialisers (`serialize.py`) build exactly
these fields, which the schemathesis test holds them to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from market.core.validation import FieldError, ValidationError
from market.models import LOT_KINDS, TOKEN_SCOPES, FarmStatus
from market.models.enums import FarmerResponse, ReviewStatus
from market.runs.schemas import PROVINCES

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
ME: Schema = {
    "id": ID,
    "role": t("string"),
    "farm_id": t("integer", True),
    "token_scope": enum(TOKEN_SCOPES),
}

SCHEMAS: dict[str, Schema] = {
    "Me": obj(ME),
    "Farm": obj(FARM),
    "FarmPatch": obj(FARM_INPUT, required=[], minProperties=1),
    "Proposal": obj(PROPOSAL),
    "ProposalPage": page_of("Proposal"),
    "ProposalAdjust": obj({"tonnes": t("number", exclusiveMinimum=0)}),
    "Delivery": obj(DELIVERY),
    "DeliveryInput": obj(
        DELIVERY_INPUT, required=["proposal_id", "delivered_on", "weighed_tonnes"]
    ),
    "DeliveryPage": page_of("Delivery"),
}

JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
}

#: A JSON type's refusal, in the codes of the pydantic schemas.
TYPE_CODES = {
    "number": "number",
    "integer": "number",
    "string": "text",
    "boolean": "flag",
    "array": "list",
}


def legacy_body(data: dict[str, Any], name: str) -> dict[str, Any]:
    """`data` if its top level fits schema `name`, else `ValidationError` (422)."""
    errors = body_errors(data, SCHEMAS[name])
    if errors:
        raise ValidationError(errors)
    return data


def body_errors(data: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, FieldError]:
    """Unknown fields, wrong JSON types, and text a database cannot store (NUL, surrogates)."""
    properties = schema.get("properties", {})
    errors: dict[str, FieldError] = {}
    for field, value in data.items():
        spec = properties.get(field)
        if spec is None:
            errors[str(field)[:100]] = FieldError("unknown_field")
        elif not _type_ok(value, spec):
            errors[field] = FieldError(TYPE_CODES.get(_types(spec)[0], "invalid"))
        elif not _storable(value):
            errors[field] = FieldError("text_unstorable")
        elif not _id_ok(value, spec):
            errors[field] = FieldError("whole_number_range", {"low": 1, "high": spec["maximum"]})
    return errors


def _types(spec: Mapping[str, Any]) -> list[str]:
    kind = spec.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _type_ok(value: Any, spec: Mapping[str, Any]) -> bool:
    if not any(JSON_TYPES[kind](value) for kind in _types(spec)):
        return False
    items = spec.get("items")
    return not (isinstance(value, list) and items) or all(_type_ok(v, items) for v in value)


def _id_ok(value: Any, spec: Mapping[str, Any]) -> bool:
    """Ids are checked here (the services take them as given): a database integer at most."""
    if "integer" not in _types(spec) or not isinstance(value, int) or "maximum" not in spec:
        return True
    return bool(spec["minimum"] <= value <= spec["maximum"])


def _storable(value: Any) -> bool:
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value
