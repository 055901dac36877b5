"""The API-key scheme, as drf-spectacular documents it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Api-Key <key>, as issued on the province's API keys page (or in an X-Api-Key header).",
        }


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {
                    "type": "object",
                    "required": ["vi", "en"],
                    "properties": {"vi": {"type": "string"}, "en": {"type": "string"}},
                },
                "detail": {},
            },
        },
        "status": {"type": "integer"},
    },
}
ERRORS = {
    "400": "The request is not valid (the detail names the fields).",
    "401": "No key.",
    "403": "A key this site does not know (another province's) or has revoked, or a scope that does not cover this.",
    "404": "Not found.",
    "429": "Too many requests with this key.",
}


FORMAT = {
    "in": "query",
    "name": "format",
    "required": False,
    "schema": {"type": "string", "enum": ["json"]},
    "description": "The answer's format; JSON is the only one.",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every operation documents the API's one error shape and
    DRF's `format` parameter (a parameter an operation does not list answers 400: `api.query`)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.setdefault("parameters", [])
            if not any(parameter["name"] == "format" for parameter in parameters):
                parameters.append(FORMAT)
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result
