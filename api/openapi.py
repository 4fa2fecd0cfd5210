"""The OpenAPI document, built from the same vocabularies the endpoints validate against."""

from typing import Any

from api.exports.datasets import DATASETS
from api.exports.files import FORMATS
from api.exports.request import FIRST_YEAR, LAST_YEAR
from api.facilities import FILTERS, STATUSES
from api.facility_data import FACILITY_DATA_METRICS, MAX_CODES
from api.intervals import INTERVALS
from api.metrics import MARKET, NETWORK_DATA_METRICS
from api.milestones import AGGREGATES, MAX_LIMIT, METRICS, NETWORK_CLOCKS, PERIODS
from api.openapi_protection import with_protection
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


def _facility_data() -> dict[str, Any]:
    codes = {"type": "array", "items": {"type": "string"}, "maxItems": MAX_CODES}
    params = [
        _param("network_code", _enum(sorted(NETWORKS)), "Network code", "path"),
        _param(
            "metrics", {"type": "array", "items": _enum(list(FACILITY_DATA_METRICS))}, "Metrics"
        ),
        _param("interval", _enum(list(INTERVALS), "5m"), "Bucket width"),
        _param("date_start", _DATE, "Start (inclusive); naive = network time"),
        _param("date_end", _DATE, "End (exclusive); naive = network time"),
        _param(
            "facility_code", codes, f"Facility codes (repeatable or comma list, <= {MAX_CODES})"
        ),
        _param("unit_code", codes, f"Unit codes (DUIDs; repeatable or comma list, <= {MAX_CODES})"),
    ]
    path = _get("Facility data: one series per unit", params)
    path["get"]["responses"]["404"] = {
        "description": "Unknown network, facility_code or unit_code",
        "content": {"application/json": {"schema": _ENVELOPE}},
    }
    return path


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


def _facilities_path() -> dict[str, Any]:
    described = {
        "facility_code": "OpenElectricity facility codes, e.g. ERARING, BAYSW",
        "status_id": f"Unit statuses: {', '.join(STATUSES)}",
        "fueltech_id": "Fueltech ids (dim_fueltechs), e.g. coal_black, wind",
        "fueltech_group_id": "Fueltech group ids, e.g. coal, solar",
        "network_id": f"Networks: {', '.join(sorted(NETWORKS))} (AU = NEM and WEM)",
        "network_region": "Network regions, e.g. NSW1, WEM",
    }
    params = [
        _param(name, _STRINGS, f"{described[name]}; repeatable or comma list, unknown = 400")
        for name in FILTERS
    ]
    path = _get("Facilities and their units (fields without a value left out)", params)
    ok = path["get"]["responses"]["200"]["content"]["application/json"]
    ok["schema"] = {"allOf": [_ENVELOPE, _object({"data": {"type": "array", "items": _FACILITY}})]}
    return path


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required)}


_NUMBER = {"type": "number"}
_STRING = {"type": "string"}
_UNIT = _object(
    {
        "code": _STRING,
        "fueltech_id": _STRING,
        "status_id": _enum(list(STATUSES)),
        "dispatch_type": _enum(["GENERATOR", "LOAD", "BIDIRECTIONAL"]),
        "capacity_registered": _NUMBER,
        "capacity_maximum": _NUMBER,
        "capacity_storage": _NUMBER,
        "emissions_factor_co2": _NUMBER,
        "emissions_factor_source": _STRING,
        "data_first_seen": _DATE,
        "data_last_seen": _DATE,
    },
    ("code", "fueltech_id", "status_id", "dispatch_type"),
)
_FACILITY = _object(
    {
        "code": _STRING,
        "name": _STRING,
        "network_id": _STRING,
        "network_region": _STRING,
        "description": _STRING,
        "location": _object({"lat": _NUMBER, "lng": _NUMBER}, ("lat", "lng")),
        "units": {"type": "array", "items": _UNIT},
    },
    ("code", "name", "network_id", "network_region", "units"),
)


def _flows_path() -> dict[str, Any]:
    path = _get(
        "Energy, emissions and market value per interconnector and direction (NEM only)",
        [
            _param("network_code", _enum(["NEM"]), "Network code", "path"),
            _param("date_start", _DATE, "Start (inclusive); naive = network time"),
            _param("date_end", _DATE, "End (exclusive); naive = network time"),
        ],
    )
    path["get"]["responses"]["404"] = {
        "description": "Unknown network",
        "content": {"application/json": {"schema": _ENVELOPE}},
    }
    return path


def _export_path() -> dict[str, Any]:
    datasets = "; ".join(f"`{d.name}`: {d.description}" for d in DATASETS.values())
    error = {"description": "", "content": {"application/json": {"schema": _ENVELOPE}}}
    return {
        "get": {
            "summary": "A month of a dataset as one file, streamed",
            "parameters": [
                _param("dataset", _enum(list(DATASETS)), datasets, "path"),
                _param(
                    "filename",
                    {
                        "type": "string",
                        "pattern": rf"^[0-9]{{4}}-[0-9]{{2}}\.({'|'.join(FORMATS)})$",
                    },
                    f"`YYYY-MM.<format>`: the month (network time, {FIRST_YEAR}-01 to "
                    f"{LAST_YEAR}-12) and the format ({', '.join(FORMATS)})",
                    "path",
                ),
            ],
            "responses": {
                "200": {
                    "description": "The month's rows, ordered by interval and keys",
                    "content": {
                        f.media_type: {"schema": {"type": "string", "format": "binary"}}
                        for f in FORMATS.values()
                    },
                },
                "400": {**error, "description": "Malformed or impossible month"},
                "404": {**error, "description": "Unknown dataset or format"},
            },
        }
    }


def openapi_document() -> dict[str, Any]:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "OpenNEM - OpenElectricity v4 compatible API", "version": API_VERSION},
        "paths": {
            "/v4/data/network/{network_code}": _get(
                "Network data", _timeseries_params(list(NETWORK_DATA_METRICS), with_fueltechs=True)
            ),
            "/v4/market/network/{network_code}": _get(
                "Market data", _timeseries_params(list(MARKET.metrics), with_fueltechs=False)
            ),
            "/v4/data/facilities/{network_code}": _facility_data(),
            "/v4/facilities/": _facilities_path(),
            "/v4/milestones/records": _get("Record instances, newest first", _milestone_params()),
            "/v4/milestones/history/{record_id}": _get(
                "Every instance of one record, newest first",
                [_param("record_id", {"type": "string"}, "Record id", "path")],
            ),
            "/v4/milestones/instance/{instance_id}": _get(
                "One record instance",
                [_param("instance_id", {"type": "string"}, "Instance id", "path")],
            ),
            "/v4/flows/network/{network_code}": _flows_path(),
            "/v4/export/{dataset}/{filename}": _export_path(),
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
    return with_protection(document)
