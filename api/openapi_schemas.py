"""JSON Schemas of the served bodies (the `components.schemas` of the OpenAPI document): the v4
envelope, the error body and each endpoint's data items, so a client (or a fuzzer) can validate
every response."""

from typing import Any

from api.facilities import STATUSES

Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
NULLABLE_STRING: Schema = {"type": ["string", "null"]}
NUMBER: Schema = {"type": "number"}
NULLABLE_NUMBER: Schema = {"type": ["number", "null"]}
DATE_TIME: Schema = {"type": "string", "format": "date-time"}
STRINGS: Schema = {"type": "array", "items": STRING}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Schema], *, optional: tuple[str, ...] = ()) -> Schema:
    """An object with `properties`, all required but `optional`; other properties allowed."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }


def envelope_of(item: Schema) -> Schema:
    """The v4 envelope whose `data` is a list of `item`."""
    return {
        "allOf": [ref("APIV4Response"), {"properties": {"data": {"type": "array", "items": item}}}]
    }


_TIMESERIES_RESULT = obj(
    {
        "name": STRING,
        "date_start": DATE_TIME,
        "date_end": DATE_TIME,
        "columns": {
            "type": "object",
            "additionalProperties": {"type": ["string", "boolean", "null"]},
        },
        "data": {
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [DATE_TIME, NULLABLE_NUMBER],
                "minItems": 2,
                "maxItems": 2,
            },
        },
    }
)

_TIMESERIES = obj(
    {
        "network_code": STRING,
        "metric": STRING,
        "unit": STRING,
        "interval": STRING,
        "date_start": {"type": ["string", "null"], "format": "date-time"},
        "date_end": {"type": ["string", "null"], "format": "date-time"},
        "groupings": STRINGS,
        "network_timezone_offset": {"type": "string", "pattern": r"^[+-]\d{2}:\d{2}$"},
        "results": {"type": "array", "items": ref("TimeSeriesResult")},
    }
)

_UNIT = obj(
    {
        "code": STRING,
        "fueltech_id": STRING,
        "status_id": {"type": "string", "enum": list(STATUSES)},
        "dispatch_type": {"type": "string", "enum": ["GENERATOR", "LOAD", "BIDIRECTIONAL"]},
        "capacity_registered": NUMBER,
        "capacity_maximum": NUMBER,
        "capacity_storage": NUMBER,
        "emissions_factor_co2": NUMBER,
        "emissions_factor_source": STRING,
        "data_first_seen": DATE_TIME,
        "data_last_seen": DATE_TIME,
    },
    optional=(
        "capacity_registered",
        "capacity_maximum",
        "capacity_storage",
        "emissions_factor_co2",
        "emissions_factor_source",
        "data_first_seen",
        "data_last_seen",
    ),
)

# fields without a value are left out (api.facilities)
_FACILITY = obj(
    {
        "code": STRING,
        "name": STRING,
        "network_id": STRING,
        "network_region": STRING,
        "description": STRING,
        "location": obj({"lat": NUMBER, "lng": NUMBER}),
        "units": {"type": "array", "items": ref("FacilityUnit")},
    },
    optional=("description", "location"),
)

_MILESTONE = obj(
    {
        "record_id": STRING,
        "interval": DATE_TIME,
        "instance_id": STRING,
        "aggregate": STRING,
        "metric": STRING,
        "period": STRING,
        "significance": {"type": "integer"},
        "value": NUMBER,
        "value_unit": STRING,
        "network_id": STRING,
        "network_region": STRING,
        "fueltech_id": STRING,
        "description": STRING,
        "previous_instance_id": STRING,
        "change_percent": NUMBER,
    },
    optional=("network_region", "fueltech_id", "previous_instance_id", "change_percent"),
)

_NETWORK = obj(
    {
        "code": STRING,
        "label": STRING,
        "country": STRING,
        "offset": {"type": "integer"},
        "timezone_offset": STRING,
        "interval_size": {"type": "integer"},
        "regions": {"type": "array", "items": obj({"code": STRING})},
        "members": STRINGS,
        "intervals": STRINGS,
    }
)

_FUELTECH = obj(
    {
        "code": STRING,
        "label": STRING,
        "renewable": {"type": "boolean"},
        "fueltech_group_id": NULLABLE_STRING,
        "fueltech_group_label": NULLABLE_STRING,
        "color": NULLABLE_STRING,
        "load": {"type": "boolean"},
    }
)

_METRIC = obj(
    {
        "metric": STRING,
        "unit": STRING,
        "description": STRING,
        "endpoint": STRING,
        "intervals": STRINGS,
        "primary_groupings": STRINGS,
        "secondary_groupings": STRINGS,
    }
)

_FLOW = obj(
    {
        "interconnector_id": STRING,
        "region_from": STRING,
        "region_to": STRING,
        "energy_forward": NUMBER,
        "energy_reverse": NUMBER,
        "emissions_forward": NUMBER,
        "emissions_reverse": NUMBER,
        "market_value": NUMBER,
    }
)

_HEALTH = obj(
    {
        "status": {"type": "string", "enum": ["ok", "degraded"]},
        "success": {"type": "boolean"},
        "marts_readable": {"type": "boolean"},
        "marts": {"type": "object", "additionalProperties": STRING},
    }
)

_FINDING = obj(
    {
        "check_name": STRING,
        "severity": STRING,
        "subject": NULLABLE_STRING,
        "network_region": NULLABLE_STRING,
        "first_interval_start": {"type": ["string", "null"]},
        "last_interval_start": {"type": ["string", "null"]},
        "detail": NULLABLE_STRING,
        "checked_at": {"type": ["string", "null"]},
    }
)

_DATA_QUALITY = obj(
    {
        "success": {"const": True},
        "status": {"type": "string", "enum": ["ok", "warn", "error"]},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "findings": {"type": "array", "items": _FINDING},
    }
)

_ENVELOPE = obj(
    {
        "version": STRING,
        "created_at": DATE_TIME,
        "success": {"type": "boolean"},
        "error": NULLABLE_STRING,
        "data": {"type": "array"},
        "total_records": {"type": ["integer", "null"]},
    }
)

_ERROR = obj(
    {
        "version": STRING,
        "created_at": DATE_TIME,
        "success": {"const": False},
        "error": STRING,
        "detail": STRING,
        "data": {"type": "array", "maxItems": 0},
        "total_records": {"type": "null"},
    }
)

SCHEMAS: dict[str, Schema] = {
    "APIV4Response": _ENVELOPE,
    "Error": _ERROR,
    "TimeSeries": _TIMESERIES,
    "TimeSeriesResult": _TIMESERIES_RESULT,
    "Facility": _FACILITY,
    "FacilityUnit": _UNIT,
    "MilestoneRecord": _MILESTONE,
    "Network": _NETWORK,
    "Fueltech": _FUELTECH,
    "MetricInfo": _METRIC,
    "Flow": _FLOW,
    "Health": _HEALTH,
    "DataQuality": _DATA_QUALITY,
}
