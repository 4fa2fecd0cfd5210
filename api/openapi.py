"""The OpenAPI document, built from the same vocabularies the endpoints validate against."""

from typing import Any

from api.intervals import INTERVALS
from api.metrics import MARKET, NETWORK_DATA_METRICS
from api.milestones import AGGREGATES, MAX_LIMIT, METRICS, NETWORK_CLOCKS, PERIODS
from api.params import PRIMARY_GROUPINGS, SECONDARY_GROUPINGS
from api.responses import API_VERSION
from opennem.networks import NETWORKS


def _param(
    name: str, schema: dict[str, Any], description: str, where: str = "query"
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
    }


def _enum(values: list[str], default: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": values}
    if default:
        schema["default"] = default
    return schema


_STRINGS = {"type": "array", "items": {"type": "string"}}
_DATE = {"type": "string", "format": "date-time"}
_ENVELOPE = {"$ref": "#/components/schemas/APIV4Response"}


def _answers_no_data(path: dict[str, Any]) -> dict[str, Any]:
    """A timeseries path also answers 416 when its range holds no data (as the public API)."""
    path["get"]["responses"]["416"] = {
        "description": "No data in the range",
        "content": {"application/json": {"schema": _ENVELOPE}},
    }
    return path


def _timeseries_params(metrics: list[str], *, with_fueltechs: bool) -> list[dict[str, Any]]:
    params = [
        _param("network_code", _enum(sorted(NETWORKS)), "Network code", "path"),
        _param("metrics", {"type": "array", "items": _enum(metrics)}, "Metrics (repeatable)"),
        _param("interval", _enum(list(INTERVALS), "5m"), "Bucket width"),
        _param("date_start", _DATE, "Start (inclusive); naive = network time"),
        _param("date_end", _DATE, "End (exclusive); naive = network time"),
        _param("network_region", {"type": "string"}, "Network region, e.g. NSW1"),
        _param("primary_grouping", _enum(list(PRIMARY_GROUPINGS), "network"), "Primary grouping"),
    ]
    if with_fueltechs:
        params += [
            _param("fueltech", _STRINGS, "Fueltech ids (repeatable)"),
            _param("fueltech_group", _STRINGS, "Fueltech group ids (repeatable)"),
            _param(
                "secondary_grouping",
                _enum(list(SECONDARY_GROUPINGS)),
                "Secondary grouping; `renewable` covers generation only (loads, i.e. pumps and "
                "battery charging, are left out)",
            ),
        ]
    return params


def _get(summary: str, params: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": params,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": _ENVELOPE}},
                },
                "400": {
                    "description": "Bad parameters",
                    "content": {"application/json": {"schema": _ENVELOPE}},
                },
            },
        }
    }


def _milestone_params() -> list[dict[str, Any]]:
    return [
        _param("network", {"type": "array", "items": _enum(list(NETWORK_CLOCKS))}, "Networks"),
        _param("network_region", _STRINGS, "Network regions, e.g. NSW1"),
        _param("fueltech", _STRINGS, "Fueltech groups, `renewables` or `fossil`"),
        _param("metric", {"type": "array", "items": _enum(list(METRICS))}, "Metrics"),
        _param("period", {"type": "array", "items": _enum(list(PERIODS))}, "Periods"),
        _param("aggregate", _enum(list(AGGREGATES)), "high or low"),
        _param("significance", {"type": "integer", "minimum": 1, "maximum": 10}, "Minimum"),
        _param("date_start", _DATE, "Period start from (inclusive)"),
        _param("date_end", _DATE, "Period start before (exclusive)"),
        _param("page", {"type": "integer", "minimum": 1, "default": 1}, "Page, from 1"),
        _param(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": MAX_LIMIT},
            "Records a page",
        ),
    ]


def openapi_document() -> dict[str, Any]:
    facility_params = [
        _param(name, _STRINGS, f"Filter by {name} (repeatable)")
        for name in ("facility_code", "status_id", "fueltech_id", "network_id")
    ] + [_param("network_region", {"type": "string"}, "Filter by network region")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "OpenNEM - OpenElectricity v4 compatible API", "version": API_VERSION},
        "paths": {
            "/v4/data/network/{network_code}": _answers_no_data(
                _get(
                    "Network data",
                    _timeseries_params(list(NETWORK_DATA_METRICS), with_fueltechs=True),
                )
            ),
            "/v4/market/network/{network_code}": _answers_no_data(
                _get("Market data", _timeseries_params(list(MARKET.metrics), with_fueltechs=False))
            ),
            "/v4/facilities/": _get("Facilities and their units", facility_params),
            "/v4/milestones/records": _get("Record instances, newest first", _milestone_params()),
            "/v4/milestones/history/{record_id}": _get(
                "Every instance of one record, newest first",
                [_param("record_id", {"type": "string"}, "Record id", "path")],
            ),
            "/v4/milestones/instance/{instance_id}": _get(
                "One record instance",
                [_param("instance_id", {"type": "string"}, "Instance id", "path")],
            ),
            "/v4/health": _get("Whether the marts are readable", []),
            "/health": _get("Whether the marts are readable", []),
        },
        "components": {
            "schemas": {
                "APIV4Response": {
                    "type": "object",
                    "properties": {
                        "version": {"type": "string"},
                        "created_at": _DATE,
                        "success": {"type": "boolean"},
                        "error": {"type": ["string", "null"]},
                        "data": {"type": "array", "items": {}},
                        "total_records": {"type": ["integer", "null"]},
                    },
                }
            }
        },
        "servers": [{"url": "/"}],
    }
