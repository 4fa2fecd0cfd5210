"""`/v4/facilities/`: facilities with their units, from `dim_facilities` and `dim_units`.

Filters (each repeatable or a comma list, checked against its vocabulary: an unknown value is a
400): facility_code, status_id, fueltech_id, fueltech_group_id, network_id (AU = NEM and WEM),
network_region. They select units; a facility is listed with its matching units. As in the
public API, a field without a value is left out. `data_first_seen` / `data_last_seen` are the
start of the unit's first and last interval in `fct_unit_intervals_daily`, in network time.
"""

import re
from collections.abc import Callable, Collection
from datetime import datetime
from itertools import groupby
from typing import Any

from starlette.datastructures import QueryParams

from api.errors import ApiError
from api.params import listed, reject_unknown
from api.queries import in_clause
from api.reader import MartReader, Row
from opennem.networks import NETWORKS

STATUSES = ("operating", "committed", "retired")
FILTERS = (
    "facility_code",
    "status_id",
    "fueltech_id",
    "fueltech_group_id",
    "network_id",
    "network_region",
)
FACILITY_COLUMNS = ("code", "name", "network_id", "network_region", "description", "lat", "lng")
UNIT_COLUMNS = (
    "code",
    "fueltech_id",
    "status_id",
    "dispatch_type",
    "capacity_registered",
    "capacity_maximum",
    "capacity_storage",
    "emissions_factor_co2",
    "emissions_factor_source",
    "data_first_seen",
    "data_last_seen",
)
_FACILITY_CODE = re.compile(r"^[A-Z0-9_]{1,64}$")
_REGIONS = sorted({region for network in NETWORKS.values() for region in network.regions})

Filters = dict[str, list[str]]


def _listed(params: QueryParams, name: str, normalise: Callable[[str], str]) -> list[str]:
    return list(dict.fromkeys(normalise(value) for value in listed(params, name)))


def _known(name: str, values: list[str], vocabulary: Collection[str], *, show: bool = True) -> None:
    unknown = [value for value in values if value not in vocabulary]
    if unknown:
        expected = f"; expected any of {sorted(vocabulary)}" if show else ""
        raise ApiError(f"{name}: unknown value(s) {unknown}{expected}")


def _check_facility_codes(reader: MartReader, codes: list[str]) -> None:
    malformed = [code for code in codes if not _FACILITY_CODE.match(code)]
    if malformed:
        raise ApiError(f"facility_code: invalid code(s) {malformed}")
    where = in_clause("facility_code", codes)
    rows = reader.query(f"select facility_code from marts.dim_facilities_v1 where {where}", codes)
    known = {str(row[0]) for row in rows}
    _known("facility_code", codes, known, show=False)


def _check_fueltechs(reader: MartReader, fueltechs: list[str], groups: list[str]) -> None:
    rows = reader.query("select fueltech_id, fueltech_group_id from marts.dim_fueltechs_v1")
    _known("fueltech_id", fueltechs, {str(row[0]) for row in rows})
    _known("fueltech_group_id", groups, {str(row[1]) for row in rows if row[1] is not None})


def _network_ids(codes: list[str]) -> list[str]:
    _known("network_id", codes, NETWORKS)
    return list(dict.fromkeys(i for code in codes for i in NETWORKS[code].network_ids))


def parse_filters(reader: MartReader, params: QueryParams) -> Filters:
    """The unit filters by dim_units column, every value checked against its vocabulary."""
    reject_unknown(params, set(FILTERS))
    upper, lower = str.upper, str.lower
    chosen = {
        "facility_code": _listed(params, "facility_code", upper),
        "status_id": _listed(params, "status_id", lower),
        "fueltech_id": _listed(params, "fueltech_id", lower),
        "fueltech_group_id": _listed(params, "fueltech_group_id", lower),
        "network_id": _network_ids(_listed(params, "network_id", upper)),
        "network_region": _listed(params, "network_region", upper),
    }
    _known("status_id", chosen["status_id"], STATUSES)
    _known("network_region", chosen["network_region"], _REGIONS)
    if chosen["fueltech_id"] or chosen["fueltech_group_id"]:
        _check_fueltechs(reader, chosen["fueltech_id"], chosen["fueltech_group_id"])
    if chosen["facility_code"]:
        _check_facility_codes(reader, chosen["facility_code"])
    return {column: values for column, values in chosen.items() if values}


def _where(filters: Filters) -> tuple[str, list[object]]:
    clauses = [in_clause(column, values) for column, values in filters.items()]
    values: list[object] = [value for chosen in filters.values() for value in chosen]
    return (" where " + " and ".join(clauses)) if clauses else "", values


def _sql(where: str) -> str:
    return f"""
with

units as (
    select * from marts.dim_units_v1{where}
),

seen as (
    select
        unit_code,
        min(first_interval_start) as data_first_seen,
        max(last_interval_start) as data_last_seen
    from marts.fct_unit_intervals_daily_v1
    where unit_code in (select unit_code from units)
    group by unit_code
)

select
    u.facility_code,
    coalesce(f.facility_name, u.facility_code),
    coalesce(f.network_id, u.network_id),
    coalesce(f.network_region, u.network_region),
    f.description,
    f.lat,
    f.lng,
    u.unit_code,
    u.fueltech_id,
    u.status_id,
    u.dispatch_type,
    u.capacity_registered_mw,
    u.capacity_maximum_mw,
    u.capacity_storage_mwh,
    u.emissions_factor_co2,
    u.emissions_factor_source,
    seen.data_first_seen,
    seen.data_last_seen
from units as u
left join marts.dim_facilities_v1 as f
    on u.facility_code = f.facility_code
left join seen
    on u.unit_code = seen.unit_code
order by u.facility_code, u.unit_code
"""


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def _network_time(value: object, network_id: str) -> object:
    if isinstance(value, datetime) and network_id in NETWORKS:
        return value.replace(tzinfo=NETWORKS[network_id].tz).isoformat()
    return value


def _unit(row: Row, network_id: str) -> dict[str, Any]:
    unit = dict(zip(UNIT_COLUMNS, row[len(FACILITY_COLUMNS) :], strict=True))
    for name in ("data_first_seen", "data_last_seen"):
        unit[name] = _network_time(unit[name], network_id)
    return _present(unit)


def _facility(rows: list[Row]) -> dict[str, Any]:
    facility = dict(zip(FACILITY_COLUMNS, rows[0][: len(FACILITY_COLUMNS)], strict=True))
    lat, lng = facility.pop("lat"), facility.pop("lng")
    location = {"lat": lat, "lng": lng} if lat is not None and lng is not None else None
    units = [_unit(row, facility["network_id"]) for row in rows]
    return _present({**facility, "location": location}) | {"units": units}


def fetch_facilities(reader: MartReader, params: QueryParams) -> list[dict[str, Any]]:
    where, values = _where(parse_filters(reader, params))
    rows = reader.query(_sql(where), values)
    return [_facility(list(group)) for _, group in groupby(rows, key=lambda row: row[0])]
