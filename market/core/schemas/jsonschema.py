"""The JSON Schemas of the models, as the OpenAPI document's `components/schemas`.

pydantic writes them; two small choices keep them readable on the reference page: no
`title` on every property, and an optional value as `"type": ["number", "null"]` (OpenAPI
3.1 / JSON Schema 2020-12) rather than an `anyOf` of two schemas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import (
    GenerateJsonSchema,
    JsonSchemaMode,
    JsonSchemaValue,
    models_json_schema,
)
from pydantic_core import core_schema

REF_TEMPLATE = "#/components/schemas/{model}"


class OpenApiJsonSchema(GenerateJsonSchema):
    """pydantic's generator with nullable types folded and property titles left out."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        kind = inner.get("type")
        if not isinstance(kind, str):
            return {"anyOf": [inner, {"type": "null"}]}
        folded = {**inner, "type": [kind, "null"]}
        if "enum" in inner:
            folded["enum"] = [*inner["enum"], None]
        return folded

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def component_schemas(
    inputs: Iterable[type[BaseModel]], outputs: Iterable[type[BaseModel]]
) -> dict[str, Any]:
    """Every model's schema by its class name (nested models included), inputs as they are
    validated and outputs as they are written."""
    validation: JsonSchemaMode = "validation"
    serialization: JsonSchemaMode = "serialization"
    models = [(model, validation) for model in dict.fromkeys(inputs)]
    models += [(model, serialization) for model in dict.fromkeys(outputs)]
    _, found = models_json_schema(
        models,
        ref_template=REF_TEMPLATE,
        schema_generator=OpenApiJsonSchema,
    )
    return dict(found.get("$defs", {}))
