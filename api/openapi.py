"""The OpenAPI document, built from the same vocabularies the endpoints validate against.

Every operation lists its parameters and every status it answers: 200 with the JSON Schema of
its body (`api.openapi_schemas`), 400 for bad parameters, 404 where a path names something, 503
while the marts cannot be read; errors carry the `Error` body. Routes served both under `/v4`
and at the root (for clients given a base URL ending in `/v4`) are documented at both.
"""

import re
from collections.abc import Collection
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
from api.openapi_schemas import SCHEMAS, Schema, envelope_of, ref
from api.params import PRIMARY_GROUPINGS, SECONDARY_GROUPINGS
from api.responses import API_VERSION
from opennem.networks import NETWORKS

_STATUS_TEXT = {
    400: "Bad parameters",
    404: "Not found",
    503: "Marts unavailable (no serving file yet, or a mart is missing)",
}
_ROOT_ALIAS_TAG = "root aliases"


def _param(
    name: str,
    schema: dict[str, Any],
    description: str,
    where: str = "query",
    *,
    required: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
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


def _timeseries_params(metrics: list[str], *, with_fueltechs: bool) -> list[dict[str, Any]]:
    params = [
        _param("network_code", _enum(sorted(NETWORKS)), "Network code", "path"),
        _param(
            "metrics",
            {"type": "array", "items": _enum(metrics), "minItems": 1},
            "Metrics (repeatable)",
            required=True,
        ),
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


def _json(description: str, schema: Schema) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _get(
    summary: str,
    params: list[dict[str, Any]],
    data: Schema | None = None,
    statuses: Collection[int] = (400, 503),
    *,
    body: Schema | None = None,
) -> dict[str, Any]:
    """A GET operation answering the v4 envelope of `data` items (or `body`), and `statuses`
    with the error body (404 too when a parameter is in the path)."""
    errors = set(statuses) | ({404} if any(p["in"] == "path" for p in params) else set())
    responses = {"200": _json("OK", body or envelope_of(data or {}))}
    responses |= {str(code): _json(_STATUS_TEXT[code], ref("Error")) for code in sorted(errors)}
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def _html(summary: str) -> dict[str, Any]:
    ok = {"description": "OK", "content": {"text/html": {"schema": {"type": "string"}}}}
    return {"get": {"summary": summary, "parameters": [], "responses": {"200": ok}}}


def _facility_data() -> dict[str, Any]:
    codes = {"type": "array", "items": {"type": "string"}, "maxItems": MAX_CODES}
    params = [
        _param("network_code", _enum(sorted(NETWORKS)), "Network code", "path"),
        _param(
            "metrics",
            {"type": "array", "items": _enum(list(FACILITY_DATA_METRICS)), "minItems": 1},
            "Metrics (repeatable)",
            required=True,
        ),
        _param("interval", _enum(list(INTERVALS), "5m"), "Bucket width"),
        _param("date_start", _DATE, "Start (inclusive); naive = network time"),
        _param("date_end", _DATE, "End (exclusive); naive = network time"),
        _param(
            "facility_code", codes, f"Facility codes (repeatable or comma list, <= {MAX_CODES})"
        ),
        _param("unit_code", codes, f"Unit codes (DUIDs; repeatable or comma list, <= {MAX_CODES})"),
    ]
    return _get("Facility data: one series per unit", params, ref("TimeSeries"))


def _flows() -> dict[str, Any]:
    return _get(
        "Energy, emissions and market value per interconnector and direction (NEM only)",
        [
            _param("network_code", _enum(["NEM"]), "Network code", "path"),
            _param("date_start", _DATE, "Start (inclusive); naive = network time"),
            _param("date_end", _DATE, "End (exclusive); naive = network time"),
        ],
        ref("Flow"),
    )


def _export() -> dict[str, Any]:
    datasets = "; ".join(f"`{d.name}`: {d.description}" for d in DATASETS.values())
    month = rf"^[0-9]{{4}}-[0-9]{{2}}\.({'|'.join(FORMATS)})$"
    params = [
        _param("dataset", _enum(list(DATASETS)), datasets, "path"),
        _param(
            "filename",
            {"type": "string", "pattern": month},
            f"`YYYY-MM.<format>`: the month (network time, {FIRST_YEAR}-01 to "
            f"{LAST_YEAR}-12) and the format ({', '.join(FORMATS)})",
            "path",
        ),
    ]
    operation = _get("A month of a dataset as one file, streamed", params)
    binary = {"type": "string", "format": "binary"}
    operation["get"]["responses"]["200"] = {
        "description": "The month's rows, ordered by interval and keys",
        "content": {f.media_type: {"schema": binary} for f in FORMATS.values()},
    }
    return operation


def _milestone_params() -> list[dict[str, Any]]:
    return [
        _param("network", {"type": "array", "items": _enum(list(NETWORK_CLOCKS))}, "Networks"),
        _param("network_region", _STRINGS, "Network regions, e.g. NSW1"),
        _param("fueltech", _STRINGS, "Fueltech groups, `renewables` or `fossil`"),
        _param("fuel_tech", _STRINGS, "Alias of `fueltech`"),
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


def _reference_paths() -> dict[str, Any]:
    """`/v4/networks`, `/v4/fueltechs`, `/v4/metrics` (no parameters: unknown ones are 400)."""
    return {
        "/v4/networks": _get(
            "Networks, their regions, clocks and intervals", [], ref("Network"), (400,)
        ),
        "/v4/fueltechs": _get("Fueltechs and their groups", [], ref("Fueltech")),
        "/v4/metrics": _get(
            "Metrics of network data and market: unit, intervals, groupings",
            [],
            ref("MetricInfo"),
            (400,),
        ),
    }


def _facilities() -> dict[str, Any]:
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
    return _get(
        "Facilities and their units (fields without a value left out)", params, ref("Facility")
    )


def _health() -> dict[str, Any]:
    operation = _get("Whether the marts are readable", [], body=ref("Health"), statuses=())
    operation["get"]["responses"]["503"] = _json("Some mart cannot be read", ref("Health"))
    return operation


def _v4_paths() -> dict[str, Any]:
    return {
        "/v4/data/network/{network_code}": _get(
            "Network data",
            _timeseries_params(list(NETWORK_DATA_METRICS), with_fueltechs=True),
            ref("TimeSeries"),
        ),
        "/v4/market/network/{network_code}": _get(
            "Market data",
            _timeseries_params(list(MARKET.metrics), with_fueltechs=False),
            ref("TimeSeries"),
        ),
        "/v4/data/facilities/{network_code}": _facility_data(),
        "/v4/facilities/": _facilities(),
        "/v4/facilities": _facilities(),
        "/v4/milestones/records": _get(
            "Record instances, newest first", _milestone_params(), ref("MilestoneRecord")
        ),
        "/v4/milestones/history/{record_id}": _get(
            "Every instance of one record, newest first",
            [_param("record_id", {"type": "string"}, "Record id", "path")],
            ref("MilestoneRecord"),
            (503,),
        ),
        "/v4/milestones/instance/{instance_id}": _get(
            "One record instance",
            [_param("instance_id", {"type": "string"}, "Instance id", "path")],
            ref("MilestoneRecord"),
            (503,),
        ),
        "/v4/health": _health(),
        "/v4/health/data": _get(
            "Open data-quality findings", [], body=ref("DataQuality"), statuses=(503,)
        ),
        "/v4/flows/network/{network_code}": _flows(),
        "/v4/export/{dataset}/{filename}": _export(),
        **_reference_paths(),
    }


def _template(path: str) -> str:
    """`path` with its parameter names blanked: `/a/{x}` and `/a/{y}` are one route."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _root_aliases(paths: dict[str, Any], served: Collection[str]) -> dict[str, Any]:
    """The `/v4` operations the app also serves at the root, tagged as aliases."""
    templates = {_template(path) for path in served}
    aliases = {}
    for path, item in paths.items():
        root = path.removeprefix("/v4")
        if path.startswith("/v4/") and _template(root) in templates:
            operation = {**item["get"], "tags": [_ROOT_ALIAS_TAG]}
            aliases[root] = {"get": operation}
    return aliases


def openapi_document(served: Collection[str] = ()) -> dict[str, Any]:
    """The document; `served` (the app's route paths) adds the root aliases it serves."""
    document = with_protection(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "OpenNEM - OpenElectricity v4 compatible API",
                "version": API_VERSION,
            },
            "paths": {
                **_v4_paths(),
                "/": _html("The chart page"),
                "/docs": _html("This document, rendered by Swagger UI"),
                "/openapi.json": {
                    "get": {
                        "summary": "This document",
                        "parameters": [],
                        "responses": {"200": _json("OK", {"type": "object"})},
                    }
                },
            },
            "components": {"schemas": dict(SCHEMAS)},
            "servers": [{"url": "/"}],
        }
    )
    document["paths"] |= _root_aliases(document["paths"], served)
    return document
