"""The protection's part of the OpenAPI document: the bearer scheme, 401 on every route, 429
(with `Retry-After`) on the routes that cost credits, and `/v4/me` with its schemas."""

from typing import Any

from api.protection import costs_credits

_JSON_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_UNAUTHORIZED = {"description": "Unknown or revoked API key", "content": _JSON_ERROR}
_TOO_MANY = {
    "description": "Over the plan's burst rate or its daily credits",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before retrying",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "content": _JSON_ERROR,
}
_NULLABLE_STRING = {"type": ["string", "null"]}
_CREDITS = {
    "type": "object",
    "required": ["limit", "remaining", "reset"],
    "properties": {
        "limit": {"type": "integer", "description": "Credits a day; -1 is unlimited"},
        "remaining": {"type": "integer", "description": "Credits left today; -1 is unlimited"},
        "reset": {"type": "string", "format": "date-time"},
    },
}
_USER = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "description": "The key's id, or `anonymous`"},
        "full_name": _NULLABLE_STRING,
        "email": _NULLABLE_STRING,
        "owner_id": _NULLABLE_STRING,
        "plan": _NULLABLE_STRING,
        "rate_limit": {"anyOf": [_CREDITS, {"type": "null"}]},
        "unkey_meta": {"type": ["object", "null"]},
        "roles": {
            "type": "array",
            "items": {"type": "string", "enum": ["admin", "pro", "academic", "user", "anonymous"]},
        },
        "meta": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        "remaining": {"type": ["integer", "null"]},
                        "reset": {"type": ["string", "null"], "format": "date-time"},
                    },
                },
                {"type": "null"},
            ]
        },
        "limits": {
            "type": "object",
            "description": "The plan's limits (credits_per_day and history_days null: unlimited)",
            "properties": {
                "credits_per_day": {"type": ["integer", "null"]},
                "requests_per_second": {"type": "number"},
                "max_range_days": {"type": "object", "additionalProperties": {"type": "integer"}},
                "history_days": {"type": ["integer", "null"]},
            },
        },
    },
}
_USER_RESPONSE = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "version": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "success": {"type": "boolean"},
        "error": _NULLABLE_STRING,
        "data": {"$ref": "#/components/schemas/OpenNEMUser"},
        "total_records": {"type": ["integer", "null"]},
    },
}
_ME = {
    "get": {
        "summary": "The caller: its key, plan, limits and the day's remaining credits",
        "parameters": [
            {
                "name": "with_clerk",
                "in": "query",
                "required": False,
                "description": "Accepted for the public API's clients; ignored",
                "schema": {"type": "boolean"},
            }
        ],
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/OpennemUserResponse"}
                    }
                },
            },
        },
    }
}


def _protect(path: str, operation: dict[str, Any]) -> None:
    operation["security"] = [{"HTTPBearer": []}, {}]
    responses = operation.setdefault("responses", {})
    responses["401"] = _UNAUTHORIZED
    if costs_credits(path):
        responses["429"] = _TOO_MANY


def with_protection(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with the `/v4/me` path, the bearer scheme and the 401/429 answers added."""
    document["paths"]["/v4/me"] = _ME
    for path, item in document["paths"].items():
        for operation in item.values():
            _protect(path, operation)
    components = document.setdefault("components", {})
    components.setdefault("securitySchemes", {})["HTTPBearer"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key from `opennem keys create`; without one, the anonymous plan",
    }
    schemas = components.setdefault("schemas", {})
    schemas["OpenNEMUser"] = _USER
    schemas["OpennemUserResponse"] = _USER_RESPONSE
    return document
